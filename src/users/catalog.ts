// What the Users page's pickers offer: cohorts, group keys, event names and
// property names, read from the engine after each write. A list that cannot
// be read says so (errors), instead of showing as empty.
import type { Accessor } from 'solid-js'
import type { Cohort, PropertyInfo } from '../../workers/engine/types'
import { db } from '../db/client'
import { TOP_VALUES, type FilterCatalog } from '../filters/FilterBuilder'
import { createLatest } from '../ui/latest'

export interface UsersCatalog {
  filter: FilterCatalog
  cohorts: Accessor<Cohort[]>
  groupKeys: Accessor<string[]>
  properties: Accessor<PropertyInfo[]>
  cohortName: (id: string) => string
  /** whether a saved cohort exists; undefined until the list is read */
  cohortExists: Accessor<((id: string) => boolean) | undefined>
  typeOf: (property: string) => PropertyInfo['type'] | undefined
  /** "Could not read …" lines, one per list that failed */
  errors: Accessor<string[]>
}

/**
 * `live`: the database is open and holds data. `afterTotal`: the page has
 * shown its first total. The worker answers one request at a time, and
 * property and event names scan every profile and event (seconds at
 * millions): they wait until the total is on screen.
 */
export function createUsersCatalog(o: {
  live: Accessor<boolean>
  afterTotal: Accessor<boolean>
  /** the group key analysed; null: users */
  analyze: Accessor<string | null>
}): UsersCatalog {
  const version = () => db.dataVersion()
  const groupQuery = () => (o.analyze() === null ? {} : { groupKey: o.analyze()! })
  const cohorts = createLatest(() => (o.live() ? version() : undefined), () => db.api().listCohorts())
  const groupKeys = createLatest(() => (o.live() ? version() : undefined), () => db.api().groupKeys())
  const events = createLatest(() => (o.live() && o.afterTotal() ? version() : undefined), () => db.api().eventNames())
  const properties = createLatest(
    () => (o.live() && o.afterTotal() ? `${version()}\u0000${o.analyze() ?? ''}` : undefined),
    () => db.api().propertyNames(groupQuery()).then(l => l.properties))

  const filter: FilterCatalog = {
    properties: () => properties.value() ?? [],
    events: () => events.value() ?? [],
    // Cohorts hold users, so group profiles have no cohort conditions.
    cohorts: () => (o.analyze() === null ? cohorts.value() ?? [] : []),
    values: (property, search, event) => db.api().propertyValues({
      property, search, limit: TOP_VALUES, ...(event !== undefined ? { event } : groupQuery()),
    }),
    eventProperties: event => db.api().eventPropertyNames({ event }).then(l => l.properties),
  }
  const lists = [
    ['saved cohorts', cohorts], ['group keys', groupKeys], ['event names', events], ['property names', properties],
  ] as const
  return {
    filter,
    cohorts: () => cohorts.value() ?? [],
    groupKeys: () => groupKeys.value() ?? [],
    properties: () => properties.value() ?? [],
    cohortExists: () => {
      const list = cohorts.value()
      return list ? (id: string) => list.some(c => c.id === id) : undefined
    },
    cohortName: id => cohorts.value()?.find(c => c.id === id)?.name ?? id,
    typeOf: property => properties.value()?.find(p => p.name === property)?.type,
    errors: () => lists.flatMap(([what, list]) => (list.error() ? [`Could not read the ${what}: ${list.error()}`] : [])),
  }
}
