// Browser tests and the browser bench only: the engine's own answers, to
// compare what the page shows with. The app is built with `--mode
// browser-test` for them (test/browser/run.mjs, bench/browser/run.mjs);
// main.tsx imports this module in that mode alone, and the production build
// drops the import with its branch (test/browser/build.test.mjs checks dist/).
import { db } from '../db/client'

;(globalThis as { __cohortlite?: unknown }).__cohortlite = { api: () => db.api() }
