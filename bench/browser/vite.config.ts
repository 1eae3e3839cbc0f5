// The bench build: the app as it ships, plus one extra page (bench/browser/index.html)
// that drives the real DB worker. Only `npm run bench:browser` builds with this config.
import { fileURLToPath } from 'node:url'
import { mergeConfig } from 'vite'
import app from '../../vite.config'

const root = fileURLToPath(new URL('../..', import.meta.url))

export default mergeConfig(app, {
  root,
  build: {
    rollupOptions: {
      input: {
        main: `${root}/index.html`,
        bench: `${root}/bench/browser/index.html`,
      },
    },
  },
})
