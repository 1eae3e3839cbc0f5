// Export of a users view (export/rows.ts reads it) as CSV or as NDJSON of
// Engage updates, produced as UTF-8 chunks with running counts of rows and
// bytes. The formats are in docs/formats.md; export/cells.ts turns values
// into cells.
import type { PGlite } from '@electric-sql/pglite'
import type { ExportChunk, ExportStream, UsersExport } from './types'
import { csvLines, csvValue, engageLine, engageNames } from './cells'
import { checkChunkRows, countSelected, propertyNamesOf, rowChunks, selectRows, type Read, type Resolver } from './rows'
import { checkQuery } from '../users/query'
import { exportFileName } from './names'

const CHUNK_ROWS = 5_000
const BOM = '\uFEFF'

function checkSpec(spec: UsersExport): void {
  if (typeof spec !== 'object' || spec === null) throw new Error('an export must be an object')
  checkQuery(spec.query)
  if (spec.format !== 'csv' && spec.format !== 'ndjson') throw new Error(`format must be "csv" or "ndjson", not ${JSON.stringify(spec.format)}`)
  const p = spec.properties
  if (p !== 'all' && (!Array.isArray(p) || p.some(name => typeof name !== 'string' || name === ''))) {
    throw new Error('properties must be "all" or a list of property names')
  }
  if (Array.isArray(p) && new Set(p).size !== p.length) throw new Error('properties must not name a property twice')
}

/** Opens an export: counts its rows and names its columns, then streams them chunk by chunk as they are pulled. */
/** `countView`: the count of a whole view, which the Users page has usually asked already (the engine keeps it). */
export async function exportUsers(db: PGlite, read: Read, resolver: Resolver, spec: UsersExport, signal?: AbortSignal,
                                  countView?: () => Promise<number>): Promise<ExportStream> {
  checkSpec(spec)
  const size = checkChunkRows(spec.chunkRows, CHUNK_ROWS)
  const rows = selectRows(spec.query, spec.selection, resolver, spec.sort)
  const groupKey = rows.groupKey
  const [total, names] = await read(async () => [
    spec.selection === undefined && countView ? await countView() : await countSelected(db, rows),
    spec.format === 'csv' && spec.properties === 'all' ? await propertyNamesOf(db, rows) : spec.properties,
  ] as const)
  // A CSV's header names each column once: the id's column is not also a property column.
  const idName = groupKey === '' ? '$distinct_id' : '$group_id'
  const columns = names === 'all' ? [] : names.filter(n => spec.format === 'ndjson' || n !== idName)
  const csv = spec.format === 'csv'
  const exact = spec.exact === true
  const encoder = new TextEncoder()
  const wanted = engageNames(names === 'all' ? 'all' : columns)

  async function* chunks(): AsyncGenerator<ExportChunk, void, undefined> {
    let count = 0
    let bytes = 0
    const piece = (text: string): ExportChunk => {
      const data = encoder.encode(text)
      bytes += data.length
      return { data, rows: count, bytes }
    }
    if (csv) yield piece((spec.bom ? BOM : '') + csvLines([[idName, ...columns]], !exact))
    for await (const chunk of rowChunks(db, read, rows, size, signal)) {
      let text: string
      if (csv) {
        text = csvLines(chunk.map(r => [r.distinct_id, ...columns.map(name => csvValue(r.properties[name], exact))]), !exact)
      } else {
        text = ''
        for (const r of chunk) text += engageLine(r.distinct_id, groupKey, r.properties, wanted)
      }
      count += chunk.length
      yield piece(text)
    }
  }

  return {
    total,
    columns: csv ? [idName, ...columns] : columns,
    fileName: exportFileName(groupKey === '' ? 'users' : groupKey, spec.format, new Date()),
    mimeType: csv ? 'text/csv;charset=utf-8' : 'application/x-ndjson',
    chunks: chunks(),
  }
}
