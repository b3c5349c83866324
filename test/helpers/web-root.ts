import { fileURLToPath } from 'node:url';

/**
 * The built web app the browser tests are served: `dist/web` (npm run build), or another build
 * named by WEB_ROOT (e.g. `WEB_OUT_DIR=/tmp/web npx vite build --config web/vite.config.ts`), so
 * that a build made for one run is not replaced by another's midway.
 */
export const WEB_ROOT =
  process.env.WEB_ROOT ?? fileURLToPath(new URL('../../dist/web', import.meta.url));
