import * as Tooltip from '@radix-ui/react-tooltip';
import { Maximize2 } from 'lucide-react';

import { useEngine } from './api/context.js';
import { useDesktopSync } from './api/desktop-sync.js';
import { Nav, Sidebar } from './app/nav.js';
import { useFocusHeading, useShortcutKeys } from './app/use-shortcut-keys.js';
import { View } from './app/view.js';
import { CommandPalette } from './components/command-palette.js';
import { ConnectionBanner, TokenGate } from './components/connection-banner.js';
import { ShortcutsDialog } from './components/shortcuts-dialog.js';
import { Toaster } from './components/toaster.js';
import { useHash, useRoute } from './lib/router.js';
import { useConnection } from './stores/connection.js';

/** The dashboard: sidebar (bottom bar when compact), the current view or the token gate, and the overlays. */
export function App() {
  const route = useRoute();
  useDesktopSync(useHash());
  const expand = useEngine().desktop?.desktop.expandWindow;
  const status = useConnection((s) => s.status);
  useShortcutKeys();
  useFocusHeading(route.view);

  return (
    <Tooltip.Provider delayDuration={400}>
      <div className="app">
        <Sidebar route={route} />
        <div className="main">
          <ConnectionBanner />
          <main className="content" id="content">
            {status === 'no-token' || status === 'unauthorized' ? <TokenGate /> : <View route={route} />}
          </main>
          <nav className="bottom-nav" aria-label="Main (compact)">
            <Nav route={route} compact />
            {expand !== undefined && (
              <button
                className="nav-item"
                style={{ border: 0, background: 'none', cursor: 'pointer' }}
                onClick={() => void expand()}
                aria-label="Open in a full window"
              >
                <Maximize2 size={18} aria-hidden />
                <span>Expand</span>
              </button>
            )}
          </nav>
        </div>
      </div>
      <Toaster />
      <CommandPalette />
      <ShortcutsDialog />
    </Tooltip.Provider>
  );
}
