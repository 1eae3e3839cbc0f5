// node bench/first-counts.mjs [--rows N]: runs bench/first-counts.ts (see there).
import { runnerImport } from 'vite'
await runnerImport('/bench/first-counts.ts', { configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true } })
