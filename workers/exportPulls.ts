// The worker's side of an export: Comlink cannot carry an async generator or
// an AbortSignal, so the page names each export with an id of its choosing
// and pulls the engine's chunks one call at a time. The next chunk is read
// while the page writes the last one (one chunk ahead, never more: the page's
// pace bounds the memory). Cancel aborts the engine's signal and ends the
// generator; docs/engine.md "Export" describes the protocol.
import type { Engine, EventsExport, ExportChunk, ExportStream, UsersExport } from './engine/types'

export type ExportRequest = { users: UsersExport } | { events: EventsExport }
export interface ExportInfo { total: number; columns: string[]; fileName: string; mimeType: string }

interface Open {
  stream: ExportStream
  controller: AbortController
  ahead: Promise<IteratorResult<ExportChunk, void>> | null
}

export class ExportPulls {
  private streams = new Map<string, Open>()

  async open(id: string, request: ExportRequest, engine: Engine): Promise<ExportInfo> {
    if (typeof id !== 'string' || id === '') throw new Error('an export needs an id')
    if (this.streams.has(id)) throw new Error(`an export with the id ${id} is already open`)
    const controller = new AbortController()
    const stream = 'users' in request
      ? await engine.exportUsers(request.users, controller.signal)
      : await engine.exportEvents(request.events, controller.signal)
    this.streams.set(id, { stream, controller, ahead: null })
    const { total, columns, fileName, mimeType } = stream
    return { total, columns, fileName, mimeType }
  }

  async next(id: string): Promise<ExportChunk | null> {
    const open = this.streams.get(id)
    if (!open) throw new Error(`no export is open with the id ${id} (finished or cancelled)`)
    try {
      const result = await (open.ahead ?? open.stream.chunks.next())
      if (result.done) {
        this.streams.delete(id)
        return null
      }
      open.ahead = open.stream.chunks.next()
      // Read ahead; a failure surfaces at the next pull (or is dropped if the export is cancelled first).
      open.ahead.catch(() => undefined)
      return result.value
    } catch (error) {
      this.streams.delete(id)
      throw error
    }
  }

  async cancel(id: string): Promise<void> {
    const open = this.streams.get(id)
    if (!open) return
    this.streams.delete(id)
    open.controller.abort()
    await open.ahead?.catch(() => undefined)
    await open.stream.chunks.return(undefined).catch(() => undefined)
  }

  async cancelAll(): Promise<void> {
    await Promise.all([...this.streams.keys()].map(id => this.cancel(id)))
  }
}
