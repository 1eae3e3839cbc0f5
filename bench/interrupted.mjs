// node bench/interrupted.mjs [--rows N]: runs bench/interrupted.ts (see there).
import { runnerImport } from 'vite'
await runnerImport('/bench/interrupted.ts', { configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true } })
