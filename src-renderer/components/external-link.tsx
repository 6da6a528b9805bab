import type { ReactNode } from 'react';

import { useEngine } from '../api/context.js';

/** A web link: in the desktop app it opens in the system browser, in a browser in a new tab. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const open = useEngine().desktop?.desktop.openExternal;
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      onClick={(e) => {
        if (open !== undefined) {
          e.preventDefault();
          void open(href);
        }
      }}
    >
      {children}
    </a>
  );
}
