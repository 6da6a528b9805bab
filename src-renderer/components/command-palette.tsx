import * as Dialog from '@radix-ui/react-dialog';
import { Search } from 'lucide-react';
import {
  type KeyboardEvent as ReactKeyboardEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import { serverAction } from '../api/actions.js';
import { useEngine } from '../api/context.js';
import { buildCommands, type Command, matchCommands } from '../lib/palette.js';
import { navigate } from '../lib/router.js';
import { useServers } from '../stores/servers.js';
import { setTheme } from '../stores/settings.js';

/** Ctrl/Cmd+K opens and closes the palette, empty each time. */
function usePaletteKey(reset: () => void, setOpen: (f: (open: boolean) => boolean) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
        reset();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reset, setOpen]);
}

/** The matching commands; the active one is kept in view. */
function CommandList(props: {
  shown: Command[];
  active: number;
  setActive: (i: number) => void;
  run: (c: Command) => void;
}) {
  const { shown, active } = props;
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current
      ?.querySelector<HTMLElement>('[aria-selected="true"]')
      ?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <ul id="palette-list" ref={listRef} role="listbox" aria-label="Commands" className="palette-list">
      {shown.map((c, i) => (
        <li
          key={c.id}
          id={`cmd-${i}`}
          role="option"
          aria-selected={i === active}
          className="palette-item"
          onMouseMove={() => props.setActive(i)}
          onClick={() => props.run(c)}
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
  );
}

/** ⌘K / Ctrl+K: jump to any view or server, or run a server action, from the keyboard. */
export function CommandPalette() {
  const link = useEngine();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const byName = useServers((s) => s.byName);
  const reset = useCallback(() => {
    setQ('');
    setActive(0);
  }, []);
  usePaletteKey(reset, setOpen);
  const commands = useMemo(
    () =>
      buildCommands(Object.values(byName), {
        navigate,
        setTheme,
        serverAction: (name, action) => void serverAction(link, name, action),
      }),
    [byName, link],
  );
  const shown = useMemo(() => matchCommands(commands, q), [commands, q]);
  const run = (c: Command | undefined): void => {
    if (c !== undefined) {
      setOpen(false);
      c.run();
    }
  };
  const onKeyDown = (e: ReactKeyboardEvent): void => {
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
  };

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
              onKeyDown={onKeyDown}
            />
          </div>
          <CommandList shown={shown} active={active} setActive={setActive} run={run} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
