import { A } from '@solidjs/router'

/** Not built yet: says what will be here. */
export function CohortsPage() {
  return (
    <section class="page placeholder" aria-labelledby="cohorts-title">
      <h1 id="cohorts-title">Cohorts</h1>
      <p class="lead">Save groups of users and reuse them.</p>
      <div class="card">
        <h2>Coming next</h2>
        <ul>
          <li>Build a cohort from profile properties (plan is “pro”, country is Germany…) and from
            behaviour (did <em>purchase</em> at least 3 times in the last 30 days).</li>
          <li>Dynamic cohorts that recount as data changes, and static cohorts from a list of users.</li>
          <li>Use a saved cohort as a filter on the <A href="/">Users</A> page, or inside another cohort.</li>
        </ul>
      </div>
    </section>
  )
}
