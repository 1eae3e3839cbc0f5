import { defineConfig, type Plugin } from 'vite'
import solid from 'vite-plugin-solid'
import { VitePWA } from 'vite-plugin-pwa'

const THEME = '#5b3fd9'

/**
 * The built app's Content-Security-Policy: its own files only, no inline
 * script or style, no plugins, no <base>, no form posts, no requests
 * elsewhere. 'wasm-unsafe-eval' lets WebAssembly compile (PGlite runs in the
 * DB worker, whose script is ours). Workers and the service worker are this
 * origin's files. A meta tag (a static app has no headers of its own), so
 * frame-ancestors and reporting are out of reach.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** The policy as the first tag of the app's index.html, in builds only (Vite's dev server injects styles inline). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'cohortlite:content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) => (ctx.path === '/index.html'
        ? [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }]
        : []),
    },
  }
}

export default defineConfig({
  plugins: [
    solid(),
    contentSecurityPolicy(),
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
