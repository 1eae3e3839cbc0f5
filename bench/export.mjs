// node bench/export.mjs [--rows N] [--from DIR]: runs bench/export.ts (see there).
import { runnerImport } from 'vite'
await runnerImport('/bench/export.ts', { configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true } })
