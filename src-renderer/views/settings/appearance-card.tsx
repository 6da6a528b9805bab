import { Monitor, Moon, Sun } from 'lucide-react';

import { setTheme, type ThemeChoice, useSettings } from '../../stores/settings.js';

const THEMES: Array<{ id: ThemeChoice; label: string; icon: typeof Sun }> = [
  { id: 'system', label: 'System', icon: Monitor },
  { id: 'light', label: 'Light', icon: Sun },
  { id: 'dark', label: 'Dark', icon: Moon },
];

/** The theme: the system's, light or dark. */
export function AppearanceCard() {
  const theme = useSettings((s) => s.theme);
  return (
    <section className="card" aria-labelledby="look-h">
      <div className="card-head">
        <h2 id="look-h">Appearance</h2>
      </div>
      <div className="card-pad">
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {THEMES.map(({ id, label, icon: Icon }) => (
            <button
              key={id}
              role="radio"
              aria-checked={theme === id}
              aria-pressed={theme === id}
              onClick={() => setTheme(id)}
            >
              <Icon size={14} /> {label}
            </button>
          ))}
        </div>
      </div>
    </section>
  );
}
