// node bench/csv-parse.mjs [--rows N]: runs bench/csv-parse.ts (see there).
import { runnerImport } from 'vite'
await runnerImport('/bench/csv-parse.ts', { configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true } })
