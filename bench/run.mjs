// Runs the TypeScript benchmark through Vite's module runner (no extra TS loader needed).
import { runnerImport } from 'vite'
await runnerImport('/bench/main.ts', { configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true } })
