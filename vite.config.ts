import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the dashboard (src-renderer) into dist/renderer. It lives at the top, not in
 * src-renderer, because it runs in Node while everything in src-renderer runs in the browser.
 * The engine serves `dist/renderer` at `/ui` (SPA fallback), so every asset URL is under `/ui/`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
});
