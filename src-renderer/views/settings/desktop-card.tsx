import { FolderOpen, Power } from 'lucide-react';
import { useEffect, useState } from 'react';

import { useEngine } from '../../api/context.js';
import { Switch } from '../../components/switch.js';

/** The desktop app's own settings (start at login, updates) and actions; nothing in a browser. */
export function DesktopSettings() {
  const link = useEngine();
  const desktop = link.desktop?.desktop;
  const [atLogin, setAtLogin] = useState<boolean | undefined>(undefined);
  const [autoUpdate, setAutoUpdate] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    void desktop
      ?.getStartAtLogin()
      .then(setAtLogin)
      .catch(() => setAtLogin(undefined));
    void desktop
      ?.getAutoUpdate?.()
      .then(setAutoUpdate)
      .catch(() => setAutoUpdate(undefined));
  }, [desktop]);
  if (desktop === undefined) {
    return null;
  }
  return (
    <section className="card" aria-labelledby="desk-h">
      <div className="card-head">
        <h2 id="desk-h">App</h2>
      </div>
      <div className="card-pad stack" style={{ gap: 14 }}>
        <div className="row">
          <Switch
            id="sw-login"
            checked={atLogin === true}
            disabled={atLogin === undefined}
            label="Start at login"
            onChange={(on) => {
              void desktop.setStartAtLogin(on).then(setAtLogin);
            }}
          />
          <label htmlFor="sw-login">Start MCP Gateway when you log in</label>
        </div>
        {desktop.setAutoUpdate !== undefined && (
          <div className="row">
            <Switch
              id="sw-update"
              checked={autoUpdate === true}
              disabled={autoUpdate === undefined}
              label="Automatic updates"
              onChange={(on) => {
                void desktop.setAutoUpdate?.(on).then(setAutoUpdate);
              }}
            />
            <label htmlFor="sw-update">Download and install updates automatically</label>
          </div>
        )}
        <div className="row wrap">
          <button className="btn" onClick={() => void desktop.revealConfig()}>
            <FolderOpen size={14} /> Show config file
          </button>
          <button className="btn danger" onClick={() => void desktop.quit()}>
            <Power size={14} /> Quit MCP Gateway
          </button>
        </div>
      </div>
    </section>
  );
}
