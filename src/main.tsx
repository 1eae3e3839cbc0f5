import { render } from 'solid-js/web'
import { App } from './app/App'
import { registerServiceWorker } from './app/pwa'
import { db } from './db/client'
import './ui/theme.css'
import './app/shell.css'

const root = document.getElementById('root')!
render(() => {
  registerServiceWorker()
  return <App />
}, root)
void db.start()

// Test builds only (see app/testHooks.ts); a constant false, and gone, in production.
if (import.meta.env.MODE === 'browser-test') void import('./app/testHooks')

// Development only: the database client from the console (e.g. big sample
// projects: cohortlite.api().loadSampleData(undefined, { users: 300000 })).
if (import.meta.env.DEV) (globalThis as { cohortlite?: unknown }).cohortlite = db
