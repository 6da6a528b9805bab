import type { ServerRow } from '../stores/servers.js';

export interface Command {
  id: string;
  label: string;
  hint: string;
  run: () => void;
}

/** What the commands do, passed in so the list can be built (and tested) without the app around it. */
export interface PaletteActions {
  navigate: (hash: string) => void;
  setTheme: (theme: 'light' | 'dark' | 'system') => void;
  serverAction: (server: string, action: 'restart' | 'enable' | 'disable' | 'reset') => void;
}

function serverCommands(
  s: ServerRow,
  act: PaletteActions,
  go: (l: string, h: string, hint?: string) => Command,
) {
  const enc = encodeURIComponent(s.name);
  const list: Command[] = [
    go(s.name, `#/servers/${enc}`, 'Server'),
    go(`${s.name}: logs`, `#/servers/${enc}/logs`, 'Server'),
    go(`${s.name}: try a tool`, `#/servers/${enc}/try`, 'Server'),
  ];
  if (!s.disabled) {
    list.push({
      id: `restart:${s.name}`,
      label: `Restart ${s.name}`,
      hint: 'Action',
      run: () => act.serverAction(s.name, 'restart'),
    });
  }
  list.push({
    id: `toggle:${s.name}`,
    label: `${s.disabled ? 'Enable' : 'Disable'} ${s.name}`,
    hint: 'Action',
    run: () => act.serverAction(s.name, s.disabled ? 'enable' : 'disable'),
  });
  if (s.state === 'error') {
    list.push({
      id: `reset:${s.name}`,
      label: `Reset circuit of ${s.name}`,
      hint: 'Action',
      run: () => act.serverAction(s.name, 'reset'),
    });
  }
  return list;
}

/** Every view, the themes, and for each server (by name) its pages and the actions its state allows. */
export function buildCommands(servers: ServerRow[], act: PaletteActions): Command[] {
  const go = (label: string, hash: string, hint = 'Go to'): Command => ({
    id: `go:${hash}`,
    label,
    hint,
    run: () => act.navigate(hash),
  });
  const list: Command[] = [
    go('Overview', '#/'),
    go('Servers', '#/servers'),
    go('Add a server', '#/add', 'Action'),
    go('Budgets', '#/budgets'),
    go('Activity', '#/activity'),
    go('Clients', '#/clients'),
    go('Set up AI clients (import and connect)', '#/clients/setup', 'Action'),
    go('Settings', '#/settings'),
    { id: 'theme:light', label: 'Light theme', hint: 'Theme', run: () => act.setTheme('light') },
    { id: 'theme:dark', label: 'Dark theme', hint: 'Theme', run: () => act.setTheme('dark') },
    {
      id: 'theme:system',
      label: 'Theme follows the system',
      hint: 'Theme',
      run: () => act.setTheme('system'),
    },
  ];
  for (const s of [...servers].sort((a, b) => a.name.localeCompare(b.name))) {
    list.push(...serverCommands(s, act, go));
  }
  return list;
}

/** The first 50 commands whose label and hint contain every word typed (any case). */
export function matchCommands(commands: Command[], q: string): Command[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return commands
    .filter((c) => words.every((w) => `${c.label} ${c.hint}`.toLowerCase().includes(w)))
    .slice(0, 50);
}
