import { A } from '@solidjs/router'

export function NotFound() {
  return (
    <section class="page placeholder">
      <h1>Page not found</h1>
      <p>There is nothing at this address. <A href="/">Go to Users</A>.</p>
    </section>
  )
}
