import { defineConfig } from 'vite';

// JSX is compiled by Vite's own transformer (automatic runtime): no refresh plugin is needed for a
// build the server serves as static files.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      onLog(level, log, handler) {
        // The DSFR components mark themselves "use client" (a Next.js directive): meaningless here.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:3000', ws: true },
      '/auth': 'http://127.0.0.1:3000',
      '/audit': 'http://127.0.0.1:3000',
    },
  },
});
