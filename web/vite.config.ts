/**
 * Builds the web UI into web/dist, which `satview serve` serves at `/`.
 * The page must work offline behind a strict Content-Security-Policy
 * (`default-src 'self'`), so the build emits only same-origin module
 * scripts and stylesheets: no inline code, no CDN, no web fonts.
 */
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inlined data: URLs would need `img-src data:`; keep assets as files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npx vite --config web/vite.config.ts` beside `satview serve`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
