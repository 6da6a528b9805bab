import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { readBootstrap } from './api/bootstrap.js';
import { EngineContext } from './api/context.js';
import { createEngineLink } from './api/engine.js';
import { App } from './app.js';
import { applyTheme, useSettings } from './stores/settings.js';

applyTheme(useSettings.getState().theme);
const link = createEngineLink(readBootstrap());
window.addEventListener('pagehide', () => link.close());

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <EngineContext.Provider value={link}>
        <App />
      </EngineContext.Provider>
    </StrictMode>,
  );
}
