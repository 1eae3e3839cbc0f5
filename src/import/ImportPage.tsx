import { A } from '@solidjs/router'

/** Not built yet: says what will be here. */
export function ImportPage() {
  return (
    <section class="page placeholder" aria-labelledby="import-title">
      <h1 id="import-title">Import</h1>
      <p class="lead">Bring your own profiles and events. Files are read in this browser and never uploaded.</p>
      <div class="card">
        <h2>Coming next</h2>
        <ul>
          <li>User and group profiles from CSV, with Mixpanel’s wizard: pick the identifier column,
            map each column to a property, preview, then import up to a million rows with progress.</li>
          <li>Events in Mixpanel’s JSON format (one event per line), with duplicate detection on <code>$insert_id</code>.</li>
          <li>Profile updates in Mixpanel’s Engage format (<code>$set</code>, <code>$add</code>, <code>$union</code>…).</li>
        </ul>
        <p>Until then, try the app with a sample project: <A href="/">Users</A> offers “Load sample data” while the database is empty.</p>
      </div>
    </section>
  )
}
