import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const lib = (name) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

// The console is a static single-page app: `npm run build` writes apps/console/dist, which the
// server serves at /. In development, `npx vite apps/console` proxies the API to a running server.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  resolve: { alias: { '@loa/protocol': lib('protocol'), '@loa/i18n': lib('i18n') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // react-router marks its modules "use client" for server components, which a SPA has none of
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/media': 'http://127.0.0.1:3000',
      '/player': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
