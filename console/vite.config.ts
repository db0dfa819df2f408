import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the bot at /console (bot/console/consoleRoutes.ts); `npm run dev` proxies the API to a local bot.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: { port: 3801, proxy: { '/api': 'http://127.0.0.1:3978' } },
});
