// The Teams tabs: built at install (`npm run build:tabs`) into dist/tabs/, served by the
// host under /tabs/. In `vite dev`, /api goes to the local host (JALON_API, default :7071).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/tabs/', import.meta.url));

export default defineConfig({
  root,
  base: '/tabs/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // Fluent UI is one large chunk; the tab is loaded once and cached.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': process.env.JALON_API ?? 'http://127.0.0.1:7071' },
  },
});
