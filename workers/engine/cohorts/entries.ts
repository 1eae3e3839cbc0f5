// A pasted or uploaded list of users (issue 15: "create a cohort out of a
// list of user emails"): one entry per line, or one column of a CSV file with
// a header row; entries matched to users by distinct id, or by `$email`
// ignoring case. Reading the text is pure (the page previews it); matching
// reads the profiles.
import type { UserListMatch } from '../types'
import { guessDelimiter } from '../csv/delimiter'
import { lineEndOf, parseCsv } from '../csv/parse'
import type { Db } from './index'

export type ListKind = 'id' | 'email'

export interface ReadList {
  /** the CSV's header names; empty for a plain list (one entry per line) */
  columns: string[]
  /** the column the entries come from (a CSV), else null */
  column: string | null
  /** trimmed entries, blanks left out, in the text's order (repeats kept: matching drops them) */
  entries: string[]
}

/** The largest list the page reads: a cohort of a million users still fits. */
export const MAX_LIST_ENTRIES = 1_000_000

/** A header a one-column list may start with; it is not an entry. */
const HEADER = /^\$?(e-?mail( address)?|distinct[_ ]?id|user[_ ]?id|id)$/i

/** The column a list of this kind most likely sits in. */
function likelyColumn(columns: string[], by: ListKind): string | null {
  const test = by === 'email' ? /^\$?e-?mail( address)?$/i : /^\$?(distinct[_ ]?id|user[_ ]?id|id)$/i
  return columns.find(c => test.test(c.trim())) ?? (by === 'email' ? columns.find(c => /mail/i.test(c)) : undefined) ?? null
}

/**
 * Reads a list: a text whose lines split into 2 or more fields is a CSV with
 * a header (entries from `column`, or the likeliest column for `by`, else
 * the first); otherwise one entry per line (a first line that reads as a
 * header, such as "email", is left out). Refused: an unknown column.
 */
export function readList(text: string, by: ListKind, column?: string): ReadList {
  const body = text.replace(/^\uFEFF/, '')
  const delimiter = guessDelimiter(body.slice(0, 64 * 1024), false)
  const { records } = parseCsv(body, delimiter, lineEndOf(body), true)
  const rows = records.filter(r => r.some(f => f.trim() !== ''))
  const wide = rows.length > 0 && rows[0]!.length > 1
  if (!wide) {
    const lines = rows.map(r => r.join(delimiter).trim())
    if (lines.length > 0 && HEADER.test(lines[0]!)) lines.shift()
    return check({ columns: [], column: null, entries: lines })
  }
  const columns = rows[0]!.map(c => c.trim())
  const chosen = column ?? likelyColumn(columns, by) ?? columns[0]!
  const at = columns.indexOf(chosen)
  if (at < 0) throw new Error(`the list has no column ${JSON.stringify(chosen)} (its columns: ${columns.map(c => JSON.stringify(c)).join(', ')})`)
  const entries = rows.slice(1).map(r => (r[at] ?? '').trim()).filter(v => v !== '')
  return check({ columns, column: chosen, entries })
}

function check(list: ReadList): ReadList {
  if (list.entries.length > MAX_LIST_ENTRIES) {
    throw new Error(`the list has ${list.entries.length.toLocaleString('en-US')} entries; at most ${MAX_LIST_ENTRIES.toLocaleString('en-US')} at a time`)
  }
  return list
}

/**
 * The users a list names. By id: a user (a profile row, events-only users
 * included) with that distinct id. By email: the users whose `$email`,
 * trimmed, equals the entry ignoring case; several users may share one.
 */
export async function matchUserList(db: Db, entries: string[], by: ListKind): Promise<UserListMatch> {
  if (!Array.isArray(entries) || !entries.every(e => typeof e === 'string')) throw new Error('entries must be a list of strings')
  if (by !== 'id' && by !== 'email') throw new Error(`match by "id" or "email", not ${JSON.stringify(by)}`)
  if (entries.length > MAX_LIST_ENTRIES) throw new Error(`at most ${MAX_LIST_ENTRIES.toLocaleString('en-US')} entries at a time`)
  // Each entry once, trimmed, in the list's order (emails compared in lower case).
  const key = (e: string) => (by === 'email' ? e.trim().toLowerCase() : e.trim())
  const seen = new Map<string, string>()
  for (const e of entries) if (e.trim() !== '' && !seen.has(key(e))) seen.set(key(e), e.trim())
  const keys = [...seen.keys()]
  const sql = by === 'id'
    ? `select k.n, array[p.distinct_id] as ids
         from unnest($1::text[]) with ordinality as k(entry, n)
         join profiles p on p.group_key = '' and p.distinct_id = k.entry`
    : `select k.n, array_agg(p.distinct_id order by p.id) as ids
         from unnest($1::text[]) with ordinality as k(entry, n)
         join profiles p on p.group_key = '' and lower(btrim(p.properties ->> '$email')) = k.entry
        group by k.n`
  const { rows } = await db.query<{ n: number; ids: string[] }>(sql, [keys])
  const found = new Map(rows.map(r => [Number(r.n) - 1, r.ids]))
  const ids: string[] = []
  const taken = new Set<string>()
  const unmatched: string[] = []
  const ambiguous: UserListMatch['ambiguous'] = []
  keys.forEach((k, i) => {
    const hit = found.get(i)
    if (!hit) { unmatched.push(seen.get(k)!); return }
    if (hit.length > 1) ambiguous.push({ entry: seen.get(k)!, ids: hit })
    for (const id of hit) if (!taken.has(id)) { taken.add(id); ids.push(id) }
  })
  return { ids, entries: keys.length, unmatched, ambiguous }
}
