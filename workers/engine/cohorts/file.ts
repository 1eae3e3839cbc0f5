// Cohort definition files (docs/formats.md, "Cohort definition files"): how a
// team shares a cohort without sharing its data. The file holds the cohort's
// name, description, kind, and its filter or static member ids, plus the
// cohorts its filter uses by id and name. Importing it into another workspace
// finds those cohorts there (by id, else by name), names the ones it lacks and
// then creates nothing, and names the properties and events the workspace has
// never seen (the cohort is still created: they may simply not have arrived).
import type { CohortFile, CohortFileCheck, CohortRef } from '../types'
import type { Condition, Group } from '../filter/types'
import { isObject } from '../filter/check'
import { checkCohortFields, label, MAX_COHORT_NAME, newId, stored, validateCohortFilter, type Db } from './index'

export const COHORT_FILE_FORMAT = 'cohortlite.cohort'
export const COHORT_FILE_VERSION = 1
/** A static cohort of a million ids is about 40 MB as JSON. */
export const MAX_COHORT_FILE_BYTES = 100 * 1024 * 1024

/** What a filter refers to by name: cohorts, profile properties, events and their properties. */
export interface FilterUses {
  cohorts: Set<string>
  properties: Set<string>
  events: Set<string>
  /** event name ('$any' for any event) → the event properties its `where` or aggregate reads */
  eventProperties: Map<string, Set<string>>
}

export function usesOf(filter: Group): FilterUses {
  const uses: FilterUses = { cohorts: new Set(), properties: new Set(), events: new Set(), eventProperties: new Map() }
  const eventProperty = (event: string, property: string) => {
    const set = uses.eventProperties.get(event) ?? new Set<string>()
    set.add(property)
    uses.eventProperties.set(event, set)
  }
  const event = (name: string) => { if (name !== '$any') uses.events.add(name) }
  const where = (group: Group | undefined, of: string) => {
    for (const node of group?.filters ?? []) {
      if ('op' in node) where(node, of)
      else if (node.type === 'property') eventProperty(of, node.property)
    }
  }
  const walk = (node: Group | Condition): void => {
    if ('op' in node) { node.filters.forEach(walk); return }
    switch (node.type) {
      case 'property': uses.properties.add(node.property); return
      case 'cohort': uses.cohorts.add(node.cohortId); return
      case 'behavior': event(node.event); where(node.where, node.event); return
      case 'aggregate': event(node.event); eventProperty(node.event, node.property); where(node.where, node.event); return
      case 'sequence': for (const step of node.steps) { event(step.event); where(step.where, step.event) } return
    }
  }
  walk(filter)
  return uses
}

/** The filter with its cohort conditions pointing at other ids. */
function remapCohorts(filter: Group, to: Map<string, string>): Group {
  const map = (node: Group | Condition): Group | Condition =>
    'op' in node ? { ...node, filters: node.filters.map(map) }
      : node.type === 'cohort' ? { ...node, cohortId: to.get(node.cohortId) ?? node.cohortId } : node
  return map(filter) as Group
}

/** The definition file of a saved cohort. */
export async function cohortFile(db: Db, id: string, at = new Date()): Promise<CohortFile> {
  const all = await stored(db)
  const c = all.get(id)
  if (!c) throw new Error(`there is no cohort ${JSON.stringify(id)}`)
  const common = { id: c.id, name: c.name, description: c.description }
  if (c.kind === 'static') {
    const { rows } = await db.query<{ distinct_id: string }>(
      'select distinct_id from cohort_members where cohort_id = $1 order by distinct_id', [id])
    return { format: COHORT_FILE_FORMAT, version: COHORT_FILE_VERSION, exportedAt: at.toISOString(),
      cohort: { ...common, kind: 'static', members: rows.map(r => r.distinct_id) }, uses: { cohorts: [], properties: [], events: [] } }
  }
  const filter = c.filter ?? { op: 'and', filters: [] }
  const uses = usesOf(filter)
  return {
    format: COHORT_FILE_FORMAT, version: COHORT_FILE_VERSION, exportedAt: at.toISOString(),
    cohort: { ...common, kind: 'dynamic', filter },
    uses: {
      cohorts: [...uses.cohorts].map(ref => ({ id: ref, name: all.get(ref)?.name ?? ref })),
      properties: [...uses.properties].sort(),
      events: [...uses.events].sort(),
    },
  }
}

/** A file's cohort, read and checked field by field (it came from outside). */
interface Parsed {
  id?: string
  name: string
  description: string
  kind: 'dynamic' | 'static'
  filter?: Group
  members?: string[]
  /** the names the file gives the cohorts its filter uses */
  refNames: Map<string, string>
}

async function textOf(source: Blob | string): Promise<string> {
  const size = typeof source === 'string' ? source.length : source.size
  if (size > MAX_COHORT_FILE_BYTES) throw new Error(`the file is ${Math.round(size / 1024 / 1024)} MB; a cohort file is at most ${MAX_COHORT_FILE_BYTES / 1024 / 1024} MB`)
  return typeof source === 'string' ? source : source.text()
}

export function parseCohortFile(text: string): Parsed {
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new Error(`the file is not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!isObject(raw) || raw.format !== COHORT_FILE_FORMAT) {
    throw new Error(`this is not a Cohortlite cohort file (it has no "format": "${COHORT_FILE_FORMAT}")`)
  }
  if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 1) {
    throw new Error(`version must be a whole number from 1, not ${JSON.stringify(raw.version)}`)
  }
  if (raw.version > COHORT_FILE_VERSION) {
    throw new Error(`the file was written by a newer Cohortlite (cohort file version ${raw.version}; this one reads up to ${COHORT_FILE_VERSION})`)
  }
  const c = raw.cohort
  if (!isObject(c)) throw new Error('cohort must be an object')
  // saveCohort's checks; a file's description is taken trimmed.
  const { name, description, members } = checkCohortFields({ ...c, description: typeof c.description === 'string' ? c.description.trim() : c.description })
  const refNames = new Map<string, string>()
  const uses = raw.uses
  if (uses !== undefined && !isObject(uses)) throw new Error('uses must be an object')
  if (isObject(uses) && uses.cohorts !== undefined) {
    if (!Array.isArray(uses.cohorts)) throw new Error('uses.cohorts must be a list of { id, name }')
    uses.cohorts.forEach((ref: unknown, i) => {
      if (!isObject(ref) || typeof ref.id !== 'string' || typeof ref.name !== 'string') {
        throw new Error(`uses.cohorts[${i}] must be { "id": string, "name": string }, not ${JSON.stringify(ref)?.slice(0, 80)}`)
      }
      refNames.set(ref.id, ref.name)
    })
  }
  const base = { ...(c.id !== undefined ? { id: c.id as string } : {}), name, description, refNames }
  if (c.kind === 'static') return { ...base, kind: 'static', members }
  // Shape and values only here: which cohorts exist is the workspace's question (checkAgainst).
  return { ...base, kind: 'dynamic', filter: validateCohortFilter(c.filter) }
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/** Names from `names` that no user profile holds. */
async function unseenProperties(db: Db, names: string[]): Promise<string[]> {
  if (names.length === 0) return []
  const { rows } = await db.query<{ name: string }>(
    `select k as name from unnest($1::text[]) as k
      where not exists (select 1 from profiles p where p.group_key = '' and p.properties ? k)
      order by k`, [names])
  return rows.map(r => r.name)
}

async function unseenEvents(db: Db, names: string[]): Promise<string[]> {
  if (names.length === 0) return []
  const { rows } = await db.query<{ name: string }>(
    `select n as name from unnest($1::text[]) as n
      where not exists (select 1 from events e where e.event = n)
      order by n`, [names])
  return rows.map(r => r.name)
}

async function unseenEventProperties(db: Db, of: Map<string, Set<string>>): Promise<Array<{ event: string; property: string }>> {
  const pairs = [...of].flatMap(([event, props]) => [...props].map(property => ({ event, property })))
  if (pairs.length === 0) return []
  const { rows } = await db.query<{ event: string; property: string }>(
    `select t.event, t.property from unnest($1::text[], $2::text[]) as t(event, property)
      where not exists (select 1 from events e where (t.event = '$any' or e.event = t.event) and e.properties ? t.property)
      order by t.event, t.property`, [pairs.map(p => p.event), pairs.map(p => p.property)])
  return rows
}

/** What importing the file would do here: the id and cohorts it would use, what is missing, what was never seen. */
async function checkAgainst(db: Db, file: Parsed, name: string): Promise<{ check: CohortFileCheck; remap: Map<string, string> }> {
  const byId = await stored(db)
  const own = [...byId.values()].filter(r => r.origin === null)
  const sameId = file.id !== undefined ? byId.get(file.id) : undefined
  const id = file.id !== undefined && !sameId ? file.id : newId(byId)
  const remap = new Map<string, string>()
  const cohorts: CohortFileCheck['cohorts'] = []
  const missingCohorts: CohortFileCheck['missingCohorts'] = []
  let unseen: Pick<CohortFileCheck, 'unseenProperties' | 'unseenEvents' | 'unseenEventProperties'> = { unseenProperties: [], unseenEvents: [], unseenEventProperties: [] }
  if (file.filter) {
    const uses = usesOf(file.filter)
    for (const ref of uses.cohorts) {
      const fileRef: CohortRef = { id: ref, name: file.refNames.get(ref) ?? ref }
      const here = byId.get(ref)
      if (here) { cohorts.push({ file: fileRef, here: { id: here.id, name: here.name } }); continue }
      const named = file.refNames.has(ref) ? own.filter(r => sameName(r.name, fileRef.name)) : []
      const [only] = named
      if (only && named.length === 1) {
        remap.set(ref, only.id)
        cohorts.push({ file: fileRef, here: { id: only.id, name: only.name } })
      } else {
        missingCohorts.push({ ...fileRef, reason: named.length > 1
          ? `${named.length} cohorts here are named ${JSON.stringify(fileRef.name)}: rename all but one`
          : 'this workspace has no cohort with that id or name: import its definition first' })
      }
    }
    unseen = {
      unseenProperties: await unseenProperties(db, [...uses.properties]),
      unseenEvents: await unseenEvents(db, [...uses.events]),
      unseenEventProperties: await unseenEventProperties(db, uses.eventProperties),
    }
  }
  let members: CohortFileCheck['members']
  if (file.members) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::integer as n from profiles where group_key = '' and distinct_id = any($1::text[])`, [file.members])
    members = { total: file.members.length, here: rows[0]?.n ?? 0 }
  }
  const check: CohortFileCheck = {
    id, name, description: file.description, kind: file.kind,
    ...(sameId ? { sameIdAs: { id: sameId.id, name: sameId.name } } : {}),
    nameTaken: own.some(r => sameName(r.name, name)),
    ...(members ? { members } : {}),
    cohorts, missingCohorts, ...unseen,
  }
  return { check, remap }
}

function chosenName(file: Parsed, name: string | undefined): string {
  if (name === undefined) return file.name
  if (typeof name !== 'string' || name.trim() === '') throw new Error('the new cohort\'s name must be a non-empty string')
  if (name.trim().length > MAX_COHORT_NAME) throw new Error(`the new cohort's name must be at most ${MAX_COHORT_NAME} characters`)
  return name.trim()
}

export async function checkCohortFile(db: Db, source: Blob | string, name?: string): Promise<CohortFileCheck> {
  const file = parseCohortFile(await textOf(source))
  return (await checkAgainst(db, file, chosenName(file, name))).check
}

/**
 * What to save for the file: the cohort as saveCohort takes it. Refused, so
 * that nothing is created, when a cohort its filter uses is missing here.
 */
export async function cohortFromFile(db: Db, source: Blob | string, name?: string) {
  const file = parseCohortFile(await textOf(source))
  const { check, remap } = await checkAgainst(db, file, chosenName(file, name))
  if (check.missingCohorts.length > 0) {
    throw new Error(`cohort ${JSON.stringify(check.name)} was not imported: it uses ${check.missingCohorts.map(m => `${label(m)}, but ${m.reason}`).join('; and ')}`)
  }
  const common = { id: check.id, name: check.name, description: check.description }
  const input = file.kind === 'static'
    ? { ...common, kind: 'static' as const, members: file.members ?? [] }
    : { ...common, kind: 'dynamic' as const, filter: remapCohorts(file.filter ?? { op: 'and', filters: [] }, remap) }
  return { input, check }
}
