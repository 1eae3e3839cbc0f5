// The fast path's columns: for one profile property, what filter tests on it
// read, copied out of PGlite into typed arrays indexed by profile id. A
// column has parts, each read the first time a test needs it: the value's
// kind and text (string tests, isSet), the kept number (number tests), the
// kept time (datetime tests), isTrue (boolean tests). Postgres computes each
// with the very expressions the SQL path compiles (jsonb_typeof, cl_text,
// p.nums and p.times, isTrue), so the worker never re-implements a casting
// rule; it only compares, and it checks that each copy is exact (a number a
// double holds, a time a safe integer) or leaves the column's tests to SQL.
//
// A part comes back as a few aggregated text values (ids and values joined by
// a separator) rather than a million result rows: PGlite decodes one large
// value far faster than many small rows. Each query carries its own ids, as
// a sequential scan of a large table may start anywhere (synchronized scans).
// A part (and the rows) can be read whole or in slices of the primary key
// ([from, to) of ids, an index range scan): the same total cost, measured at
// 1M (2.2 s whole, 16 slices of 150 ms at most), so a count can go between
// two slices (index.ts reads them as background tasks).
import type { PGlite } from '@electric-sql/pglite'
import { isTrue } from '../filter/property'

/** How a profile's value for the property is stored (jsonb_typeof). */
export const Kind = { Unset: 0, Null: 1, String: 2, Number: 3, Boolean: 4, Array: 5, Object: 6 } as const

const KIND_OF: Record<string, number> = { '-': Kind.Unset, z: Kind.Null, s: Kind.String, n: Kind.Number, b: Kind.Boolean, a: Kind.Array, o: Kind.Object }

/** The rows: which ids are live, and in which scope. */
export interface Rows {
  /** one past the highest profile id */
  size: number
  /** 1: a user (group_key ''), 2: a user with a profile (properties <> '{}'); 0: no row or a group profile */
  scope: Uint8Array
}

export interface Texts {
  kind: Uint8Array
  /** the value as text (cl_text) for scalars, as an index into `texts`; -1 for anything else */
  code: Int32Array
  texts: string[]
  /** some value is a list (string tests then read its elements: left to SQL) */
  hasLists: boolean
}

/** A kept number or time as a double (NaN: none), and whether every one converted exactly. */
export interface Doubles { values: Float64Array; exact: boolean }

export type Part = 'texts' | 'nums' | 'times' | 'truth'

export interface Column {
  property: string
  texts?: Texts
  nums?: Doubles
  times?: Doubles
  /** isTrue's expression, 1 or 0 */
  truth?: Uint8Array
}

const SIZE_SQL = `select coalesce(max(id), 0) + 1 as size from profiles`
const ROWS_SQL = /* sql */ `
  select string_agg(id::text, ',') as ids,
         string_agg(case when group_key <> '' then '0' when properties <> '{}'::jsonb then '2' else '1' end, '') as scope
  from profiles where id >= $1 and id < $2`

/** The rows being read: `size` fixed first, `scope` filled slice by slice. */
export async function startRows(db: PGlite): Promise<Rows> {
  const size = (await db.query<{ size: number }>(SIZE_SQL)).rows[0]!.size
  return { size, scope: new Uint8Array(size) }
}

/** Fills the rows' scope for ids in [from, to). */
export async function readRowsSlice(db: PGlite, rows: Rows, from: number, to: number): Promise<void> {
  const r = (await db.query<{ ids: string | null; scope: string | null }>(ROWS_SQL, [from, to])).rows[0]!
  const ids = idsOf(r.ids)
  for (let i = 0; i < ids.length; i++) rows.scope[ids[i]!] = r.scope!.charCodeAt(i) - 48
}

export async function readRows(db: PGlite): Promise<Rows> {
  const rows = await startRows(db)
  await readRowsSlice(db, rows, 0, rows.size)
  return rows
}

// The value, read once a row (`offset 0` keeps the subquery from being inlined
// into each use): `(p.properties -> $1)`, the compiler's own spelling.
const VALUES = `(select p.id, (p.properties -> $1::text) as v, p.nums ->> $1::text as n, p.times ->> $1::text as t
  from profiles p where p.id >= $2 and p.id < $3 offset 0) as p`
const KINDS = `case jsonb_typeof(v) when 'string' then 's' when 'number' then 'n' when 'boolean' then 'b'
      when 'array' then 'a' when 'object' then 'o' when 'null' then 'z' else '-' end`
/** Joins texts: a text holding it is caught by the count of pieces, and the part read again with NUL bytes between. */
const SEPARATOR = '\x1f'

const PART_SQL: Record<Part, string> = {
  texts: `select string_agg(p.id::text, ',') as ids, string_agg(${KINDS}, '') as kinds,
      string_agg(coalesce(case when jsonb_typeof(v) in ('string', 'number', 'boolean') then cl_text(v) end, ''), E'\\x1f') as texts from ${VALUES}`,
  nums: `select string_agg(p.id::text, ',') as ids, string_agg(coalesce(n, ''), ',') as nums from ${VALUES}`,
  times: `select string_agg(p.id::text, ',') as ids, string_agg(coalesce(t, ''), ',') as times from ${VALUES}`,
  truth: `select string_agg(p.id::text, ',') as ids, string_agg(case when ${isTrue('v')} then '1' else '0' end, '') as truth from ${VALUES}`,
}
// The texts joined by NUL bytes, which no text holds (Postgres text cannot).
const TEXTS_BYTES_SQL = `select encode(string_agg(convert_to(coalesce(case when jsonb_typeof(v) in ('string', 'number', 'boolean') then cl_text(v) end, ''), 'UTF8'), '\\x00'::bytea), 'base64') as texts from ${VALUES}`

/** A part being read: its arrays, sized for every id, filled slice by slice (`texts` also keeps its dictionary). */
export type PartFill =
  | { part: 'texts'; value: Texts; codes: Map<string, number> }
  | { part: 'nums' | 'times'; value: Doubles }
  | { part: 'truth'; value: Uint8Array }

export function startPart(part: Part, size: number): PartFill {
  switch (part) {
    case 'texts': return { part, value: { kind: new Uint8Array(size), code: new Int32Array(size).fill(-1), texts: [], hasLists: false }, codes: new Map() }
    case 'nums': case 'times': return { part, value: { values: new Float64Array(size).fill(NaN), exact: true } }
    case 'truth': return { part, value: new Uint8Array(size) }
  }
}

/** Fills a part for the profiles with ids in [from, to) (as they are now: the caller reads all slices between two writes). */
export async function readPartSlice(db: PGlite, property: string, fill: PartFill, from: number, to: number): Promise<void> {
  const params = [property, from, to]
  const r = (await db.query<Record<string, string | null>>(PART_SQL[fill.part], params)).rows[0]!
  // An empty range aggregates to nulls.
  const ids = idsOf(r.ids ?? null)
  switch (fill.part) {
    case 'texts': {
      let words = (r.texts ?? '').split(SEPARATOR)
      if (words.length !== ids.length && ids.length > 0) {
        const b64 = (await db.query<{ texts: string }>(TEXTS_BYTES_SQL, params)).rows[0]!.texts
        words = new TextDecoder().decode(base64Bytes(b64)).split('\0')
      }
      fillTexts(fill, ids, r.kinds ?? '', words)
      break
    }
    case 'nums': fillDoubles(fill.value, ids, r.nums ?? '', exactNumber); break
    case 'times': fillDoubles(fill.value, ids, r.times ?? '', (text, n) => Number.isSafeInteger(n) && String(n) === text); break
    case 'truth':
      for (let i = 0; i < ids.length; i++) fill.value[ids[i]!] = r.truth!.charCodeAt(i) - 48 // ids.length > 0: truth is not null
  }
}

/** Reads one part of a column whole (`size`: from readRows in the same state of the data). */
export async function readPart(db: PGlite, col: Column, part: Part, size: number): Promise<void> {
  const fill = startPart(part, size)
  await readPartSlice(db, col.property, fill, 0, size)
  setPart(col, fill)
}

export function setPart(col: Column, fill: PartFill): void {
  switch (fill.part) {
    case 'texts': col.texts = fill.value; break
    case 'nums': col.nums = fill.value; break
    case 'times': col.times = fill.value; break
    case 'truth': col.truth = fill.value
  }
}

function fillTexts(fill: Extract<PartFill, { part: 'texts' }>, ids: Int32Array, kinds: string, words: string[]): void {
  const { kind, code, texts } = fill.value
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!
    const k = KIND_OF[kinds[i]!]!
    kind[id] = k
    if (k === Kind.Array) fill.value.hasLists = true
    if (k === Kind.String || k === Kind.Number || k === Kind.Boolean) {
      const word = words[i]!
      let c = fill.codes.get(word)
      if (c === undefined) { c = texts.length; texts.push(word); fill.codes.set(word, c) }
      code[id] = c
    }
  }
}

function fillDoubles(doubles: Doubles, ids: Int32Array, joined: string, isExact: (text: string, n: number) => boolean): void {
  const texts = joined.split(',')
  for (let i = 0; i < ids.length; i++) {
    const text = texts[i]!
    if (text === '') continue
    const n = Number(text)
    if (!isExact(text, n)) doubles.exact = false
    doubles.values[ids[i]!] = n
  }
}

/**
 * Whether a numeric's text (numeric_out: digits, a sign, a point) names the
 * very double `n`: then comparisons of doubles order and equate as the
 * numerics do, the bound values being doubles' shortest texts too.
 */
export function exactNumber(text: string, n: number): boolean {
  return Number.isFinite(n) && decimal(text) === decimal(String(n))
}

/** A decimal's value as "sign digits e exponent", leading and trailing zeros gone. */
function decimal(text: string): string {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(text)
  if (!m) return `?${text}`
  const [, sign, whole = '', fraction = '', exp = '0'] = m
  let digits = whole + fraction
  let exponent = Number(exp) + whole.length
  const lead = /^0*/.exec(digits)![0].length
  digits = digits.slice(lead)
  exponent -= lead
  digits = digits.replace(/0+$/, '')
  return digits === '' ? '0' : `${sign === '-' ? '-' : ''}${digits}e${exponent}`
}

function idsOf(joined: string | null): Int32Array {
  if (!joined) return new Int32Array(0)
  const parts = joined.split(',')
  const out = new Int32Array(parts.length)
  for (let i = 0; i < parts.length; i++) out[i] = Number(parts[i])
  return out
}

function base64Bytes(b64: string): Uint8Array {
  const binary = atob(b64.replace(/\s+/g, ''))
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}
