// Links into the Users page for cohorts: a cohort's members, any filter over
// All Users (an overlap region), and editing a cohort. Editing is URL state
// (`editCohort`, and `editBack`: where Save and Cancel return), so a reload
// or a shared link keeps the edit going.
import type { Cohort, Group } from '../../workers/engine/types'

export const membersFilter = (id: string): Group => ({ op: 'and', filters: [{ type: 'cohort', cohortId: id, operator: 'in' }] })

/** The Users page over All Users (where cohorts are counted) with a filter. */
export function allUsersHref(filter: Group): string {
  return `/?scope=all&filter=${encodeURIComponent(JSON.stringify(filter))}`
}

/** The link that shows a cohort's members on the Users page (a cohort is counted over All Users). */
export function cohortUsersHref(id: string): string {
  return allUsersHref(membersFilter(id))
}

/**
 * Edit a cohort on the Users page: a dynamic cohort's filter loaded into the
 * builder, a static cohort's members shown; `back` is where Save and Cancel go.
 */
export function cohortEditHref(cohort: Pick<Cohort, 'id' | 'kind'> & { filter?: Group }, back: string): string {
  const filter = cohort.kind === 'dynamic' && cohort.filter ? cohort.filter : membersFilter(cohort.id)
  const params = new URLSearchParams({ scope: 'all', editCohort: cohort.id, editBack: back })
  if (filter.filters.length > 0) params.set('filter', JSON.stringify(filter))
  return `/?${params}`
}

/** Where the page is now, to come back to. */
export const here = () => `${location.pathname}${location.search}`
