import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The web app, built into dist/web where the server serves it (src/http/web-app.ts). In
// development, `npm run dev:web` serves it with hot reload and sends /api to `npm run dev`.
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    // WEB_OUT_DIR: a build of one's own (test/helpers/web-root.ts), beside the one being served.
    outDir: process.env.WEB_OUT_DIR ?? path.join(here, '../dist/web'),
    emptyOutDir: true,
    // The budget (issue 13): a page's initial JavaScript stays under 250 kB gzipped. The build
    // prints every chunk's gzipped size, and scripts/bundle-report.mjs each area's total from
    // the manifest (which the server never serves: it is in a dot folder).
    reportCompressedSize: true,
    manifest: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
