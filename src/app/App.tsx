import { Route, Router } from '@solidjs/router'
import { CohortsPage } from '../cohorts/CohortsPage'
import { ImportPage } from '../import/ImportPage'
import { UsersPage } from '../users/UsersPage'
import { NotFound } from './NotFound'
import { Shell } from './Shell'

export function App() {
  return (
    <Router root={Shell}>
      <Route path="/" component={UsersPage} />
      <Route path="/cohorts" component={CohortsPage} />
      <Route path="/import" component={ImportPage} />
      <Route path="*" component={NotFound} />
    </Router>
  )
}
