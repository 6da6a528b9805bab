/** Where `g` then a key goes. */
export const GO_KEYS: Readonly<Record<string, string>> = {
  o: '#/',
  s: '#/servers',
  b: '#/budgets',
  a: '#/activity',
  c: '#/clients',
  ',': '#/settings',
};

/** How long after `g` its second key still counts. */
const G_WINDOW_MS = 1000;

/** The parts of a key event the shortcuts read. */
export interface KeyPress {
  key: string;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

/** A key typed into a field, or with a modifier, is not a shortcut. */
function ignored(e: KeyPress): boolean {
  const t = e.target as { isContentEditable?: boolean; tagName?: string } | null;
  return (
    e.metaKey ||
    e.ctrlKey ||
    e.altKey ||
    (t !== null && (t.isContentEditable === true || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName ?? '')))
  );
}

/**
 * The keyboard shortcuts: `g o` / `g s` / `g b` / `g a` / `g c` / `g ,` switch views and `n` adds a
 * server, as in most keyboard-first tools. `go` is given the address to go to.
 */
export function createShortcutKeys(go: (dest: string) => void) {
  let g = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onKey = (e: KeyPress): void => {
    if (ignored(e)) {
      return;
    }
    if (g) {
      g = false;
      const dest = GO_KEYS[e.key];
      if (dest !== undefined) {
        e.preventDefault();
        go(dest);
      }
      return;
    }
    if (e.key === 'g') {
      g = true;
      clearTimeout(timer);
      timer = setTimeout(() => (g = false), G_WINDOW_MS);
    } else if (e.key === 'n') {
      e.preventDefault();
      go('#/add');
    }
  };
  return { onKey, dispose: () => clearTimeout(timer) };
}
