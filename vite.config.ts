import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The inbox web app (src/web) → dist/web. Vite 8 transforms TSX with Oxc; the automatic JSX runtime
 * (react/jsx-runtime) needs no plugin. `npm run build:web`; the API serves dist/web (src/http/web-app.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    // `npx vite` during development: the API (npm start) answers /api on its own port.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
