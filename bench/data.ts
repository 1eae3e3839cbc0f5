// Deterministic benchmark data: the same seed gives the same bytes on every machine.
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs'
import { once } from 'node:events'
import type { TrackedEvent } from '../workers/engine/types'

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Linus', 'Radia', 'Tim', 'Sophie', 'Yukihiro', 'Guido', 'Anders']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Torvalds', 'Perlman', 'Berners-Lee', 'Wilson', 'Matsumoto', 'van Rossum', 'Hejlsberg']
const PLANS = ['free', 'free', 'free', 'pro', 'pro', 'team', 'enterprise']
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'CA', 'AU', 'NL', 'ES', 'SE']
const COMPANIES = ['Acme, Inc.', 'Globex', 'Initech', 'Umbrella "Corp"', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Vandelay Industries']
export const EVENT_NAMES = ['page_view', 'page_view', 'page_view', 'login', 'search', 'add_to_cart', 'purchase', 'invite_sent', 'sign_up']

export const CSV_HEADER = 'id,email,name,plan,age,country,signup_date,score,is_paying,company'
export const DAY = 86_400_000
/** The benchmark's fixed "now": every relative filter is measured against it. */
export const NOW = Date.UTC(2026, 10, 1)

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

export function profileLine(i: number, r: () => number): string {
  const first = FIRST[Math.floor(r() * FIRST.length)]!
  const last = LAST[Math.floor(r() * LAST.length)]!
  const name = r() < 0.3 ? `${last}, ${first}` : r() < 0.1 ? `${first} "${last.slice(0, 3)}" ${last}` : `${first} ${last}`
  const signup = new Date(NOW - Math.floor(r() * 730) * DAY).toISOString().slice(0, 10)
  return [
    `user-${i}`,
    `${first}.${last}.${i}@example.com`.toLowerCase().replace(/ /g, ''),
    quote(name),
    PLANS[Math.floor(r() * PLANS.length)]!,
    r() < 0.05 ? '' : String(18 + Math.floor(r() * 60)),
    COUNTRIES[Math.floor(r() * COUNTRIES.length)]!,
    signup,
    (r() * 1000).toFixed(2),
    r() < 0.3 ? 'true' : 'false',
    quote(COMPANIES[Math.floor(r() * COMPANIES.length)]!),
  ].join(',')
}

/** Writes the profile CSV once per row count and reuses it after. */
export async function profileCsv(dir: string, rows: number): Promise<string> {
  const path = `${dir}/profiles-${rows}.csv`
  if (existsSync(path) && statSync(path).size > 0) return path
  const tmp = `${path}.tmp`
  const out = createWriteStream(tmp)
  const r = rng(42)
  let buf = CSV_HEADER + '\n'
  for (let i = 0; i < rows; i++) {
    buf += profileLine(i, r) + '\n'
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  out.end(buf)
  await once(out, 'finish')
  renameSync(tmp, path)
  return path
}

/** Events over the 12 months before NOW, skewed so a few users do most of it. */
export function* eventBatches(users: number, total: number, batch: number): Generator<TrackedEvent[]> {
  const r = rng(7)
  for (let done = 0; done < total; done += batch) {
    const out: TrackedEvent[] = []
    for (let i = done; i < Math.min(total, done + batch); i++) {
      const user = Math.floor(Math.pow(r(), 2) * users)
      const event = EVENT_NAMES[Math.floor(r() * EVENT_NAMES.length)]!
      const properties: Record<string, unknown> = {
        distinct_id: `user-${user}`,
        time: Math.floor((NOW - r() * 365 * DAY) / 1000),
        $insert_id: `e${i}`,
      }
      if (event === 'purchase') properties.amount = Math.round(r() * 20000) / 100
      if (event === 'search') properties.query = ['shoes', 'hats', 'socks'][Math.floor(r() * 3)]
      if (event === 'page_view') properties.path = ['/', '/pricing', '/docs', '/blog'][Math.floor(r() * 4)]
      out.push({ event, properties })
    }
    yield out
  }
}
