import * as Dialog from '@radix-ui/react-dialog';
import { Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';

import { serverAction } from '../api/actions.js';
import { useEngine } from '../api/context.js';
import { navigate } from '../lib/router.js';
import { useServers } from '../stores/servers.js';
import { setTheme } from '../stores/settings.js';

interface Command {
  id: string;
  label: string;
  hint: string;
  run: () => void;
}

/** ⌘K / Ctrl+K: jump to any view or server, or run a server action, from the keyboard. */
export function CommandPalette() {
  const link = useEngine();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const byName = useServers((s) => s.byName);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
        setQ('');
        setActive(0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const commands = useMemo<Command[]>(() => {
    const go = (label: string, hash: string, hint = 'Go to'): Command => ({
      id: `go:${hash}`,
      label,
      hint,
      run: () => navigate(hash),
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
      { id: 'theme:light', label: 'Light theme', hint: 'Theme', run: () => setTheme('light') },
      { id: 'theme:dark', label: 'Dark theme', hint: 'Theme', run: () => setTheme('dark') },
      { id: 'theme:system', label: 'Theme follows the system', hint: 'Theme', run: () => setTheme('system') },
    ];
    for (const s of Object.values(byName).sort((a, b) => a.name.localeCompare(b.name))) {
      const enc = encodeURIComponent(s.name);
      list.push(go(s.name, `#/servers/${enc}`, 'Server'));
      list.push(go(`${s.name}: logs`, `#/servers/${enc}/logs`, 'Server'));
      list.push(go(`${s.name}: try a tool`, `#/servers/${enc}/try`, 'Server'));
      if (!s.disabled) {
        list.push({
          id: `restart:${s.name}`,
          label: `Restart ${s.name}`,
          hint: 'Action',
          run: () => void serverAction(link, s.name, 'restart'),
        });
      }
      list.push({
        id: `toggle:${s.name}`,
        label: `${s.disabled ? 'Enable' : 'Disable'} ${s.name}`,
        hint: 'Action',
        run: () => void serverAction(link, s.name, s.disabled ? 'enable' : 'disable'),
      });
      if (s.state === 'error') {
        list.push({
          id: `reset:${s.name}`,
          label: `Reset circuit of ${s.name}`,
          hint: 'Action',
          run: () => void serverAction(link, s.name, 'reset'),
        });
      }
    }
    return list;
  }, [byName, link]);

  const shown = useMemo(() => {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return commands
      .filter((c) => words.every((w) => `${c.label} ${c.hint}`.toLowerCase().includes(w)))
      .slice(0, 50);
  }, [commands, q]);

  const run = (c: Command | undefined): void => {
    if (c !== undefined) {
      setOpen(false);
      c.run();
    }
  };

  useEffect(() => {
    listRef.current
      ?.querySelector<HTMLElement>('[aria-selected="true"]')
      ?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog palette" aria-describedby={undefined}>
          <Dialog.Title className="sr-only">Command palette</Dialog.Title>
          <div className="search" style={{ maxWidth: 'none' }}>
            <Search size={14} aria-hidden />
            <input
              className="input"
              placeholder="Go to a view or server, or run an action…"
              aria-label="Command"
              role="combobox"
              aria-expanded
              aria-controls="palette-list"
              aria-activedescendant={shown[active] !== undefined ? `cmd-${active}` : undefined}
              value={q}
              autoFocus
              onChange={(e) => {
                setQ(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  setActive((a) => Math.min(shown.length - 1, a + 1));
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  setActive((a) => Math.max(0, a - 1));
                } else if (e.key === 'Enter') {
                  e.preventDefault();
                  run(shown[active]);
                }
              }}
            />
          </div>
          <ul id="palette-list" ref={listRef} role="listbox" aria-label="Commands" className="palette-list">
            {shown.map((c, i) => (
              <li
                key={c.id}
                id={`cmd-${i}`}
                role="option"
                aria-selected={i === active}
                className="palette-item"
                onMouseMove={() => setActive(i)}
                onClick={() => run(c)}
              >
                <span>{c.label}</span>
                <span className="faint">{c.hint}</span>
              </li>
            ))}
            {shown.length === 0 && (
              <li className="faint" style={{ padding: 10 }}>
                Nothing matches.
              </li>
            )}
          </ul>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
