// The "Load sample data" project: a deterministic, realistic synthetic
// Mixpanel project (user profiles, group profiles, events) written through the
// Engine API only. Pure TypeScript, no DOM: runs in the DB worker and in Node.
//
// Same seed + same options + same `now` => the same data, byte for byte.

import type { Engine, ImportSummary, ProfileUpdate, TrackedEvent } from '../types'
import {
  BROWSERS, CITIES, COMPANY_FIRST, COMPANY_SECOND, COMPANY_SUFFIX, FIRST_NAMES, FREE_MAIL,
  INDUSTRIES, LAST_NAMES, PAGES, PRODUCTS, SEARCH_QUERIES, SIGNUP_SOURCES, TAGS,
} from './vocabulary'

export interface SampleOptions {
  /** PRNG seed; default 1. */
  seed?: number
  /** user profiles to create; default 5,000. */
  users?: number
  /** the clock the 90-day event window ends at; default the current time. */
  now?: Date
  /** events to import; default 20 per user profile (100,000 for 5,000). */
  events?: number
  /** users with events and no profile; default a tenth of `users` (500). */
  anonymousUsers?: number
  /** group profiles under `company_id`; default one per 25 users (200). */
  groups?: number
}

export interface SampleProgress { step: string; done: number; total: number }

/** What the sample project creates. `users` counts every distinct id (profiles + anonymous). */
export interface SampleCounts {
  profiles: number
  anonymousUsers: number
  users: number
  events: number
  groups: number
  groupKey: string
}

export const SAMPLE_GROUP_KEY = 'company_id'
export const SAMPLE_DAYS = 90
/** The counts of the default project (seed 1, 5,000 users). */
export const SAMPLE_DEFAULTS: Readonly<SampleCounts> = Object.freeze({
  profiles: 5000,
  anonymousUsers: 500,
  users: 5500,
  events: 100_000,
  groups: 200,
  groupKey: SAMPLE_GROUP_KEY,
})

export const PROFILE_BATCH = 1000
export const EVENT_BATCH = 5000

const DAY = 86_400_000

/** The counts a given set of options produces, without generating anything. */
export function sampleCounts(options: SampleOptions = {}): SampleCounts {
  const profiles = Math.max(1, Math.floor(options.users ?? SAMPLE_DEFAULTS.profiles))
  const anonymousUsers = Math.max(0, Math.floor(options.anonymousUsers ?? Math.round(profiles / 10)))
  const groups = Math.max(1, Math.floor(options.groups ?? Math.max(1, Math.round(profiles / 25))))
  const users = profiles + anonymousUsers
  const events = Math.max(users, Math.floor(options.events ?? profiles * 20))
  return { profiles, anonymousUsers, users, events, groups, groupKey: SAMPLE_GROUP_KEY }
}

// ---------------------------------------------------------------------------
// PRNG

/** mulberry32: small, fast, good enough for synthetic data, and deterministic. */
export function createRandom(seed: number) {
  let a = (seed >>> 0) || 0x9e3779b9
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const chance = (p: number): boolean => next() < p
  const weighted = <T extends readonly unknown[]>(list: readonly T[], weightIndex: number): T => {
    let total = 0
    for (const item of list) total += item[weightIndex] as number
    let r = next() * total
    for (const item of list) {
      r -= item[weightIndex] as number
      if (r < 0) return item
    }
    return list[list.length - 1]!
  }
  const hex = (length: number): string => {
    let s = ''
    while (s.length < length) s += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0')
    return s.slice(0, length)
  }
  return { next, int, pick, chance, weighted, hex }
}
type Random = ReturnType<typeof createRandom>

// ---------------------------------------------------------------------------
// The project

interface Company { id: string; name: string; domain: string; industry: string; employees: number; country: string }

interface SampleUser {
  id: string
  anonymous: boolean
  created: number           // ms
  firstEventAt: number      // ms: start of the user's activity in the window
  weight: number            // relative activity
  city?: readonly [string, string, string, string, string, number]
  plan?: string
  device: readonly [string, string, string, number]
  company?: Company
}

export interface SampleProject {
  counts: SampleCounts
  /** group profile updates ($group_key company_id). */
  groupUpdates: ProfileUpdate[]
  /** user profile updates, one `$set` each. */
  profileUpdates: ProfileUpdate[]
  /** the events, generated lazily in batches (never all in memory). */
  eventBatches(size?: number): Generator<TrackedEvent[]>
  /** every distinct id, profiles first, then anonymous users. */
  distinctIds: string[]
}

function uuid(r: Random): string {
  const h = r.hex(32)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[r.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** ISO date-time without milliseconds or zone, as Mixpanel shows `$created` (UTC). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19)
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '')
}

function phoneFor(r: Random, countryCode: string): string {
  if (countryCode === '1') return `+1 ${r.int(201, 989)} ${r.int(200, 999)} ${String(r.int(0, 9999)).padStart(4, '0')}`
  return `+${countryCode} ${r.int(10, 99)} ${r.int(100, 999)} ${String(r.int(0, 9999)).padStart(4, '0')}`
}

/** Builds the whole project description; events are generated on demand. */
export function createSampleProject(options: SampleOptions = {}): SampleProject {
  const counts = sampleCounts(options)
  const seed = options.seed ?? 1
  const now = (options.now ?? new Date()).getTime()
  const windowStart = now - SAMPLE_DAYS * DAY
  const r = createRandom(seed)

  // --- companies (group profiles)
  const companies: Company[] = []
  const usedNames = new Set<string>()
  for (let i = 0; i < counts.groups; i++) {
    let name = ''
    for (let tries = 0; tries < 20; tries++) {
      name = `${r.pick(COMPANY_FIRST)}${r.pick(COMPANY_SECOND)} ${r.pick(COMPANY_SUFFIX)}`
      if (!usedNames.has(name)) break
    }
    if (usedNames.has(name)) name = `${name} ${i + 1}`
    usedNames.add(name)
    const base = slug(name.split(' ')[0]!)
    companies.push({
      id: `c_${String(i + 1).padStart(4, '0')}`,
      name,
      domain: `${base}${r.chance(0.3) ? '.io' : '.com'}`,
      industry: r.pick(INDUSTRIES),
      // a long tail: most companies are small, a few are large
      employees: Math.max(2, Math.round(Math.exp(r.next() * 9))),
      country: r.weighted(CITIES, 5)[2],
    })
  }
  const groupUpdates: ProfileUpdate[] = companies.map(c => ({
    $group_key: SAMPLE_GROUP_KEY,
    $group_id: c.id,
    $set: { $name: c.name, industry: c.industry, employees: c.employees, domain: c.domain, $country_code: c.country },
  }))

  // --- users with profiles
  const users: SampleUser[] = []
  const profileUpdates: ProfileUpdate[] = []
  const usedIds = new Set<string>()
  for (let i = 0; i < counts.profiles; i++) {
    let id = uuid(r)
    while (usedIds.has(id)) id = uuid(r)
    usedIds.add(id)
    const first = r.pick(FIRST_NAMES)
    const last = r.pick(LAST_NAMES)
    // $created: two years back, skewed towards recent sign-ups; a third inside the event window.
    const created = now - Math.floor(Math.pow(r.next(), 1.8) * 730 * DAY) - r.int(0, DAY / 1000) * 1000
    const city = r.chance(0.9) ? r.weighted(CITIES, 5) : undefined
    const planRoll = r.next()
    const plan = planRoll < 0.55 ? 'free' : planRoll < 0.8 ? 'pro' : planRoll < 0.93 ? 'team' : 'enterprise'
    const company = plan === 'free' && r.chance(0.6) ? undefined : r.pick(companies)
    const props: Record<string, unknown> = {}

    if (r.chance(0.3)) props.$name = `${first} ${last}`
    else { props.$first_name = first; props.$last_name = last }
    if (r.chance(0.95)) {
      const local = `${slug(first)}${r.chance(0.5) ? '.' : ''}${slug(last)}${r.chance(0.3) ? r.int(1, 99) : ''}`
      props.$email = `${local}@${company && r.chance(0.7) ? company.domain : r.pick(FREE_MAIL)}`
    }
    if (r.chance(0.6)) props.$phone = phoneFor(r, city?.[4] ?? '1')
    if (r.chance(0.3)) props.$avatar = `https://avatars.example.com/u/${i + 1}.png`
    props.$created = isoSeconds(created)
    if (city) {
      props.$city = city[0]
      props.$region = city[1]
      props.$country_code = city[2]
      props.$timezone = city[3]
    }
    props.plan = plan
    if (r.chance(0.7)) props.age = r.int(18, 74)
    if (company) { props.company = company.name; props[SAMPLE_GROUP_KEY] = company.id }
    props.signup_source = r.weighted(SIGNUP_SOURCES, 1)[0]
    props.is_paying = plan !== 'free' && !r.chance(0.05)
    const tags: string[] = []
    for (const tag of TAGS) if (r.chance(0.12)) tags.push(tag)
    if (tags.length > 0 || r.chance(0.5)) props.tags = tags
    if (props.is_paying || r.chance(0.1)) {
      const ltv = Math.round(r.next() * r.next() * (plan === 'enterprise' ? 20000 : plan === 'team' ? 4000 : 900) * 100) / 100
      // about one in six as a numeric string, the way a CSV import would leave it
      props.lifetime_value = r.chance(0.16) ? ltv.toFixed(2) : ltv
    }
    profileUpdates.push({ $distinct_id: id, $set: props })

    const activityRoll = r.next()
    users.push({
      id, anonymous: false, created,
      firstEventAt: Math.max(windowStart, created),
      // Pareto-like skew: a few very active users, a long tail of quiet ones.
      weight: Math.min(60, 1 / Math.pow(1 - activityRoll * 0.995, 0.9)) * (plan === 'free' ? 1 : 1.8),
      ...(city ? { city } : {}),
      plan,
      device: r.weighted(BROWSERS, 3),
      ...(company ? { company } : {}),
    })
  }

  // --- users with events and no profile (anonymous visitors)
  for (let i = 0; i < counts.anonymousUsers; i++) {
    let id = `$device:${r.hex(14)}`
    while (usedIds.has(id)) id = `$device:${r.hex(14)}`
    usedIds.add(id)
    const visit = now - Math.floor(r.next() * SAMPLE_DAYS * DAY)
    const city = r.chance(0.8) ? r.weighted(CITIES, 5) : undefined
    users.push({
      id, anonymous: true, created: visit, firstEventAt: visit, weight: 0.15 + r.next() * 0.3,
      ...(city ? { city } : {}),
      device: r.weighted(BROWSERS, 3),
    })
  }

  // --- how many events each user gets: one each, the rest by weight
  const perUser = new Array<number>(users.length).fill(1)
  const cumulative = new Float64Array(users.length)
  let acc = 0
  users.forEach((u, i) => { acc += u.weight; cumulative[i] = acc })
  for (let left = counts.events - users.length; left > 0; left--) {
    const x = r.next() * acc
    let lo = 0, hi = users.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    perUser[lo]!++
  }

  const eventSeed = Math.floor(r.next() * 0x7fffffff)
  const seedTag = (seed >>> 0).toString(36)

  function* eventBatches(size = EVENT_BATCH): Generator<TrackedEvent[]> {
    const er = createRandom(eventSeed)
    let batch: TrackedEvent[] = []
    let serial = 0
    for (let u = 0; u < users.length; u++) {
      const user = users[u]!
      const n = perUser[u]!
      const span = Math.max(60_000, (user.anonymous ? Math.min(3 * DAY, now - user.firstEventAt) : now - user.firstEventAt))
      const times: number[] = []
      for (let k = 0; k < n; k++) times.push(user.firstEventAt + Math.floor(er.next() * span))
      times.sort((a, b) => a - b)
      // a new user's first event is the sign-up itself, a visitor's their landing
      if (user.anonymous || user.created >= windowStart) times[0] = user.firstEventAt
      for (let k = 0; k < n; k++) {
        const time = Math.min(now, times[k]!)
        const event = k === 0
          ? (user.anonymous ? 'page_view' : user.created >= windowStart ? 'sign_up' : 'login')
          : pickEvent(er, user)
        const properties: Record<string, unknown> = {
          distinct_id: user.id,
          time: Math.floor(time / 1000),
          $insert_id: `s${seedTag}-${(serial++).toString(36)}-${er.hex(6)}`,
          $browser: user.device[0],
          $os: user.device[1],
          $device_type: user.device[2],
        }
        if (user.city) {
          properties.$city = user.city[0]
          properties.$region = user.city[1]
          properties.mp_country_code = user.city[2]
        }
        if (user.company) properties[SAMPLE_GROUP_KEY] = user.company.id
        addEventProperties(er, event, properties, user)
        batch.push({ event, properties })
        if (batch.length >= size) { yield batch; batch = [] }
      }
    }
    if (batch.length > 0) yield batch
  }

  return { counts, groupUpdates, profileUpdates, eventBatches, distinctIds: users.map(u => u.id) }
}

const MEMBER_EVENTS: ReadonlyArray<readonly [string, number]> = [
  ['page_view', 40], ['login', 9], ['search', 9], ['feature_used', 12], ['add_to_cart', 6],
  ['purchase', 3], ['invite_sent', 2], ['report_created', 5], ['file_exported', 3],
  ['share', 3], ['logout', 5], ['support_ticket', 1],
]
const VISITOR_EVENTS: ReadonlyArray<readonly [string, number]> = [['page_view', 80], ['search', 15], ['add_to_cart', 5]]

function pickEvent(r: Random, user: SampleUser): string {
  return r.weighted(user.anonymous ? VISITOR_EVENTS : MEMBER_EVENTS, 1)[0]
}

function addEventProperties(r: Random, event: string, p: Record<string, unknown>, user: SampleUser): void {
  switch (event) {
    case 'page_view': {
      const path = r.pick(PAGES)
      p.$current_url = `https://app.cohortlite.example${path}`
      p.page = path
      if (r.chance(0.3)) p.$referrer = r.pick(['https://www.google.com/', 'https://news.ycombinator.com/', 'https://www.linkedin.com/', 'https://t.co/'])
      break
    }
    case 'sign_up':
      p.method = r.weighted([['email', 6], ['google', 4], ['github', 2], ['sso', 1]] as const, 1)[0]
      p.plan = user.plan ?? 'free'
      break
    case 'login':
      p.method = r.weighted([['password', 5], ['google', 3], ['sso', 1], ['magic_link', 1]] as const, 1)[0]
      break
    case 'search':
      p.query = r.pick(SEARCH_QUERIES)
      p.results = r.int(0, 120)
      break
    case 'add_to_cart': {
      const [product, price] = r.pick(PRODUCTS)
      p.product = product
      p.price = price
      p.quantity = r.chance(0.85) ? 1 : r.int(2, 5)
      break
    }
    case 'purchase': {
      const [product, price] = r.pick(PRODUCTS)
      const quantity = r.chance(0.8) ? 1 : r.int(2, 10)
      const currency = user.city?.[2] === 'GB' ? 'GBP' : ['FR', 'DE', 'NL', 'ES', 'IT', 'IE'].includes(user.city?.[2] ?? '') ? 'EUR' : 'USD'
      p.product = product
      p.quantity = quantity
      p.amount = Math.round(price * quantity * 100) / 100
      p.currency = currency
      p.coupon = r.chance(0.15) ? r.pick(['WELCOME10', 'SPRING24', 'PARTNER']) : null
      break
    }
    case 'invite_sent':
      p.channel = r.pick(['email', 'link', 'slack'])
      p.invitees = r.int(1, 6)
      break
    case 'feature_used':
      p.feature = r.pick(['funnels', 'retention', 'dashboards', 'alerts', 'cohorts', 'sql', 'annotations'])
      break
    case 'report_created':
      p.report_type = r.pick(['insights', 'funnels', 'retention', 'flows'])
      break
    case 'file_exported':
      p.format = r.pick(['csv', 'pdf', 'png'])
      p.rows = r.int(10, 50_000)
      break
    case 'share':
      p.target = r.pick(['slack', 'email', 'link'])
      break
    case 'support_ticket':
      p.priority = r.pick(['low', 'normal', 'high'])
      break
  }
}

// ---------------------------------------------------------------------------
// Loading

/**
 * Writes the sample project through the engine: group profiles, user profiles
 * (batches of 1,000) and events (batches of 5,000). `onProgress` reports the
 * current step and the overall position (done/total count every record:
 * group profiles + user profiles + events). Any record the engine refuses is a
 * bug in the generator or the engine, so it fails loudly with the engine's message.
 */
export async function loadSampleData(
  engine: Engine,
  onProgress?: (p: SampleProgress) => void,
  options: SampleOptions = {},
): Promise<SampleCounts> {
  const project = createSampleProject(options)
  const { counts } = project
  const total = counts.groups + counts.profiles + counts.events
  let done = 0
  const report = (step: string) => onProgress?.({ step, done, total })

  const write = async <T>(step: string, what: string, batches: Iterable<T[]>, store: (batch: T[]) => Promise<ImportSummary>) => {
    report(step)
    for (const batch of batches) {
      check(what, await store(batch))
      done += batch.length
      report(step)
    }
  }
  await write('Creating company profiles', 'group profiles', chunks(project.groupUpdates, PROFILE_BATCH), b => engine.applyProfileUpdates(b))
  await write('Creating user profiles', 'user profiles', chunks(project.profileUpdates, PROFILE_BATCH), b => engine.applyProfileUpdates(b))
  await write('Importing events', 'events', project.eventBatches(EVENT_BATCH), b => engine.importEvents(b))
  report('Done')
  return counts
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}

function check(what: string, summary: { errors: Array<{ row: number; message: string }> }): void {
  const first = summary.errors[0]
  if (first) {
    throw new Error(`Sample data: the engine refused ${summary.errors.length} of the ${what} (first: row ${first.row}: ${first.message})`)
  }
}
