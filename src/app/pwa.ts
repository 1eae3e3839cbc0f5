import { useRegisterSW } from 'virtual:pwa-register/solid'

/**
 * Registers the service worker that precaches the app, its DB worker and
 * PGlite's wasm and data files, so Cohortlite opens offline after one visit.
 * autoUpdate: a new version activates on its own and the page reloads.
 */
export function registerServiceWorker() {
  useRegisterSW({
    immediate: true,
    onRegisterError(error: unknown) {
      console.warn('Cohortlite: service worker registration failed; offline start is unavailable', error)
    },
  })
}
