import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState } from 'react';

const SHORTCUTS: Array<[string, string]> = [
  ['Ctrl/⌘ K', 'Command palette: jump to a view or server, run an action'],
  ['g o', 'Overview'],
  ['g s', 'Servers'],
  ['g b', 'Budgets'],
  ['g a', 'Activity'],
  ['g c', 'Clients'],
  ['g ,', 'Settings'],
  ['n', 'Add a server'],
  ['Enter', 'Open the focused server'],
  ['?', 'This list'],
];

/** `?` shows the keyboard shortcuts. */
export function ShortcutsDialog() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (
        e.key === '?' &&
        !(t !== null && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))
      ) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Keyboard shortcuts</Dialog.Title>
          <dl className="kv" style={{ margin: 0 }}>
            {SHORTCUTS.map(([k, what]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>
                  <span className="kbd">{k}</span>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <div className="actions">
            <Dialog.Close asChild>
              <button className="btn">Close</button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
