import { describe, expect, it } from 'vitest'
import { runExport, type ExportPuller } from '../../src/export/run'
import { blobTarget, type ExportTarget } from '../../src/export/target'
import { duration, progressText } from '../../src/export/progress'

const info = { total: 3, columns: ['$distinct_id'], fileName: 'f.csv', mimeType: 'text/csv' }
const bytes = (s: string) => new TextEncoder().encode(s)

/** A worker that hands out `chunks`, then null; `stall` makes the pull after the first never answer. */
function puller(chunks: string[], stall = false) {
  const calls: string[] = []
  let i = 0
  let sent = 0
  const api: ExportPuller = {
    async openExport(id) { calls.push(`open ${id.length > 0}`); return info },
    async nextExportChunk() {
      if (stall && i === 1) return new Promise(() => {})
      const text = chunks[i++]
      if (text === undefined) return null
      sent += text.length
      return { data: bytes(text), rows: i, bytes: sent }
    },
    async cancelExport() { calls.push('cancel') },
  }
  return { api, calls }
}

function memoryTarget() {
  const log: string[] = []
  const target: ExportTarget = {
    kind: 'picker',
    async write(data) { log.push(new TextDecoder().decode(data)) },
    async close() { log.push('close') },
    async abort() { log.push('abort') },
  }
  return { target, log }
}

describe('runExport', () => {
  it('writes every chunk in order, reports progress, and closes the file', async () => {
    const { api } = puller(['a\r\n', 'b\r\n', 'c\r\n'])
    const { target, log } = memoryTarget()
    const seen: number[] = []
    const result = await runExport(api, { events: { distinctId: 'x' } }, target, () => undefined, p => seen.push(p.rows), new AbortController().signal)
    expect(log).toEqual(['a\r\n', 'b\r\n', 'c\r\n', 'close'])
    expect(seen).toEqual([1, 2, 3])
    expect(result).toMatchObject({ rows: 3, bytes: 9, info })
  })

  it('on cancel stops the worker and aborts the file at once, even while a chunk is on its way', async () => {
    const { api, calls } = puller(['a\r\n', 'b\r\n'], true)
    const { target, log } = memoryTarget()
    const controller = new AbortController()
    const running = runExport(api, { events: { distinctId: 'x' } }, target, () => undefined, () => controller.abort(new Error('cancelled')), controller.signal)
    await expect(running).rejects.toThrow('cancelled')
    expect(calls).toEqual(['open true', 'cancel'])
    expect(log).toEqual(['a\r\n', 'abort'])
  })

  it('the Blob target hands the whole file to the download at the end, folded as it grows', async () => {
    let saved: { blob: Blob; name: string } | null = null
    const target = blobTarget('f.csv', 'text/csv', (blob, name) => { saved = { blob, name } })
    const big = new Uint8Array(5 << 20).fill(65)
    for (let i = 0; i < 3; i++) await target.write(big)
    await target.write(bytes('end'))
    expect(saved).toBeNull()
    await target.close()
    expect(saved!.name).toBe('f.csv')
    expect(saved!.blob.size).toBe(3 * (5 << 20) + 3)
    expect(await saved!.blob.slice(-3).text()).toBe('end')
  })
})

describe('progress', () => {
  it('says rows of the total, size, rate and time left', () => {
    expect(progressText({ rows: 20_000, bytes: 2_000_000, total: 100_000, startedAt: 0 }, 4000)).toBe('20,000 of 100,000 rows · 2.0 MB · 5,000 rows/s · about 16 s left')
    expect(progressText({ rows: 0, bytes: 0, total: 10, startedAt: 0 }, 100, 'events')).toBe('0 of 10 events · 0 B')
    expect([duration(0.2), duration(80), duration(7500)]).toEqual(['1 s', '1 min 20 s', '2 h 5 min'])
  })
})
