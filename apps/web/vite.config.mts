import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/**
 * The web portal (apps/web), built into dist/web, which the api serves at / (apps/api/src/web-portal.ts).
 * The bidder's sealing imports libs/sealing's browser face from its sources (no generated copy); the content
 * pages read libs/platform's content-text format from its source file (it has no imports), and amounts are
 * written by libs/core's money-zh.ts, as the API's notices write them.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@sealing': fileURLToPath(new URL('../../libs/sealing/src/web/index.ts', import.meta.url)),
      // the content pages' text format, read the same way by the API and the page (no markup reaches the DOM)
      '@content-text': fileURLToPath(new URL('../../libs/platform/src/content/content-text.ts', import.meta.url)),
      // amounts in 元 with separators and in capitals, as the API's notices write them (no imports either)
      '@money-zh': fileURLToPath(new URL('../../libs/core/src/money-zh.ts', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/files': 'http://localhost:3000' },
  },
});
