import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { compression } from 'vite-plugin-compression2'
import { VitePWA } from 'vite-plugin-pwa'

// The client is built into dist/client and served by the Node server on one port.
// In development (`npm run dev`) Vite proxies /api and /collab to that server.
export default defineConfig({
  root: 'client',
  // Brotli and gzip copies of each compressible file, written once at build time and chosen
  // per request by Accept-Encoding (server/http/serveCompressedAssets.ts).
  plugins: [
    vue(),
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/], logLevel: 'silent' }),
    // The service worker (client/serviceWorker/sw.ts → /sw.js) precaches the built files; the app
    // registers it itself after load (client/offlineShell.ts), so the first load carries nothing of it.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'serviceWorker',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg}'], maximumFileSizeToCacheInBytes: 4 * 1024 * 1024 },
    }),
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/collab': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    globalSetup: ['tests/support/templateSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A poll waits for what a real server and browser do, which a loaded 2-core machine can
    // slow past Vitest's 1 s default; a poll that should fail fails all the same, later.
    expect: { poll: { timeout: 10_000 } },
    // Servers, databases and browsers are real; files run in separate processes.
    pool: 'forks',
    // A worker process runs file after file with the modules it has already loaded: starting a
    // process and importing the server again for each of ~150 files cost minutes. No file may
    // therefore leave state behind in a module (every server and database a file starts, and
    // every browser context it opens, it closes); Chromium itself is the process's, shared by
    // the browser files it runs (tests/support/browser.ts).
    isolate: false,
    fileParallelism: true,
    maxWorkers: 2,
  },
})
