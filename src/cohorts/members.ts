// The users a selection on the Users page names, as the engine takes them:
// picked rows by id; "all that match" as the query itself, or (when some
// rows were unticked since) the ids read in windows.
import type { MemberSource, UsersQuery } from '../../workers/engine/types'
import { db } from '../db/client'
import type { Selection } from '../users/selection'

const PAGE = 10_000

/** Every distinct id a query selects, but those in `exclude`, read in windows. */
export async function readIds(query: UsersQuery, exclude?: ReadonlySet<string>, progress?: (n: number) => void): Promise<string[]> {
  const out: string[] = []
  for (let offset = 0; ; offset += PAGE) {
    const rows = await db.api().listUsers({ ...query, offset, limit: PAGE })
    for (const r of rows) if (!exclude?.has(r.distinctId)) out.push(r.distinctId)
    progress?.(out.length)
    if (rows.length < PAGE) return out
  }
}

export async function selectedSource(query: UsersQuery, selection: Selection, progress?: (n: number) => void): Promise<MemberSource> {
  if (!selection.all()) return { ids: [...selection.ids()] }
  if (selection.ids().size === 0) return { query }
  return { ids: await readIds(query, selection.ids(), progress) }
}
