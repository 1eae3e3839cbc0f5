import { A, useLocation } from '@solidjs/router'
import { Match, Switch, type ParentProps } from 'solid-js'
import { db } from '../db/client'
import { Toasts } from '../ui/toast'
import { LockScreen } from './LockScreen'
import { OpenError } from './OpenError'
import { StatusLine } from './StatusLine'
import { ThemeMenu } from './ThemeMenu'

/** Header, navigation and status line around every page. */
export function Shell(props: ParentProps) {
  const location = useLocation()
  // The Users section: the list, and a user's or a group's profile.
  const inUsers = () => /^\/($|users\/|groups\/)/.test(location.pathname)
  const locked = () => {
    const kind = db.phase().kind
    return kind === 'elsewhere' || kind === 'released' || kind === 'taking-over'
  }
  return (
    <div class="app">
      <header class="app-header">
        <A href="/" class="brand" aria-label="Cohortlite home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Cohortlite</span>
        </A>
        <nav aria-label="Main" class="main-nav">
          <A href="/" end classList={{ active: inUsers() }}>Users</A>
          <A href="/cohorts" activeClass="active">Cohorts</A>
          <A href="/import" activeClass="active">Import</A>
          <A href="/data" activeClass="active">Data</A>
        </nav>
        <StatusLine />
        <ThemeMenu />
      </header>
      <main class="app-main">
        <Switch>
          <Match when={locked()}>
            <LockScreen />
          </Match>
          <Match when={db.phase().kind === 'error'}>
            <OpenError />
          </Match>
          <Match when={true}>{props.children}</Match>
        </Switch>
      </main>
      <Toasts />
    </div>
  )
}
