import { Route, Router } from '@solidjs/router'
import { CohortsPage } from '../cohorts/CohortsPage'
import { DataPage } from '../data/DataPage'
import { ImportPage } from '../import/ImportPage'
import { UsersPage } from '../users/UsersPage'
import { GroupProfilePage, UserProfilePage } from '../profile/ProfilePage'
import { AddEditProfileButton } from '../profile/ProfileDialog'
import { NotFound } from './NotFound'
import { Shell } from './Shell'

/** The Users page with the Add/Edit Profile button in its title row. */
function UsersWithProfileTools() {
  return <UsersPage actions={<AddEditProfileButton />} />
}

export function App() {
  return (
    <Router root={Shell}>
      <Route path="/" component={UsersWithProfileTools} />
      <Route path="/users/:distinctId" component={UserProfilePage} />
      <Route path="/groups/:groupKey/:groupId" component={GroupProfilePage} />
      <Route path="/cohorts" component={CohortsPage} />
      <Route path="/import" component={ImportPage} />
      <Route path="/data" component={DataPage} />
      <Route path="*" component={NotFound} />
    </Router>
  )
}
