// node bench/events.mjs [--rows N] [--events N] [--from DIR] [--truncate] [--once]: runs bench/events.ts (see there).
import { runnerImport } from 'vite'
await runnerImport('/bench/events.ts', { configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true } })
