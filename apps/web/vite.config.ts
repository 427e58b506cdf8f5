import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Built into dist/apps/web, which the gateway serves at `/`. `vite` (nx serve web) proxies the API
// to a gateway on GATEWAY_PORT, so the app is developed against the real system.
export default defineConfig({
  plugins: [react()],
  build: { outDir: '../../dist/apps/web', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}` } },
  test: { include: ['src/**/*.spec.{ts,tsx}'], environment: 'node' },
});
