import { useSettings } from '../stores/settings.js';
import { AppearanceCard } from './settings/appearance-card.js';
import { DesktopSettings } from './settings/desktop-card.js';
import { NetworkCard } from './settings/network-card.js';
import { SearchSettings } from './settings/search-card.js';

/** Where the config file is; edits to it are picked up live. */
function ConfigFileCard() {
  const configFile = useSettings((s) => s.configFile);
  return (
    <section className="card" aria-labelledby="file-h">
      <div className="card-head">
        <h2 id="file-h">Config file</h2>
      </div>
      <div className="card-pad stack">
        <code style={{ overflowWrap: 'anywhere' }}>{configFile || '—'}</code>
        <span className="faint">
          Edits to the file are picked up live; a broken edit leaves the running config in force and is
          reported on the overview.
        </span>
      </div>
    </section>
  );
}

export function SettingsView() {
  return (
    <div className="page" style={{ maxWidth: 760 }}>
      <div className="page-head">
        <h1 tabIndex={-1}>Settings</h1>
      </div>
      <AppearanceCard />
      <DesktopSettings />
      <NetworkCard />
      <SearchSettings />
      <ConfigFileCard />
    </div>
  );
}
