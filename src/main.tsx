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

// Development only: the database client from the console (e.g. big sample
// projects: cohortlite.api().loadSampleData(undefined, { users: 300000 })).
if (import.meta.env.DEV) (globalThis as { cohortlite?: unknown }).cohortlite = db
