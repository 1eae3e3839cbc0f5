import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { VitePWA } from 'vite-plugin-pwa'

const THEME = '#5b3fd9'

export default defineConfig({
  plugins: [
    solid(),
    VitePWA({
      registerType: 'autoUpdate',
      // src/app/pwa.ts registers it through virtual:pwa-register/solid
      injectRegister: false,
      manifest: {
        name: 'Cohortlite',
        short_name: 'Cohortlite',
        description: 'Explore user profiles, events and cohorts. Everything stays in your browser.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f7f7fb',
        theme_color: THEME,
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app, its DB worker and PGlite's wasm + data files, so the app
        // opens offline after one visit. PGlite's wasm is 9.1 MB, its data 6.2 MB.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,wasm,data}'],
        maximumFileSizeToCacheInBytes: 20 * 1024 * 1024,
        navigateFallback: '/index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
      devOptions: { enabled: false },
    }),
  ],
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
})
