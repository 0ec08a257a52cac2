import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath, URL } from 'node:url';

/** The service the dev server forwards to (same origin for the browser: cookies and the CSRF Origin check work). */
const service = process.env.VITALS_SERVICE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
/** Optional: a dev-only API key added to proxied requests, for working on screens without signing in. */
const devKey = process.env.VITALS_DEV_API_KEY;

const proxy: ProxyOptions = {
  target: service,
  changeOrigin: true,
  configure: (p) => {
    p.on('proxyReq', (req) => {
      // The browser's Origin is the dev server; the service checks it against its own origin.
      if (req.getHeader('origin')) req.setHeader('origin', service);
      if (devKey && !req.getHeader('authorization')) req.setHeader('authorization', `Bearer ${devKey}`);
    });
  },
};

export default defineConfig({
  base: '/app/',
  plugins: [react(), tailwindcss()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: { '/graphql': proxy, '/export': proxy },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
