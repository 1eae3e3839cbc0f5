// npm run bench:peer: installs bench/peer's own dependencies (DuckDB-WASM) on
// first use, so the app's `npm install` stays lean, then runs main.ts through
// Vite's module runner as bench/run.mjs does.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runnerImport } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))
if (!existsSync(join(here, 'node_modules/@duckdb/duckdb-wasm/package.json'))) {
  process.stderr.write('[peer] installing bench/peer dependencies (DuckDB-WASM) …\n')
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' })
  if (npm.status !== 0) process.exit(npm.status ?? 1)
}
await runnerImport('/bench/peer/main.ts', { configFile: false, logLevel: 'error', optimizeDeps: { noDiscovery: true } })
process.exit(process.exitCode ?? 0)
