// PGlite has one connection, and operations that take several statements (a
// window over an order being read, an import) must not interleave: the engine
// runs one operation at a time, in the order asked. One exception: reads that
// fill pickers in the background (property and event names, top values) wait
// while a read the user is looking at (a count, a window, a profile) queued
// after them can go first, up to MAX_PASSED times each, so that a steady run
// of reads does not starve them (the fast path's column reads are background
// tasks too). Nothing passes a write: a read asked after a write sees it.

export type Lane = 'write' | 'read' | 'background'

interface Task { lane: Lane; run: () => Promise<void>; passed: number }

/** How many reads may go before a waiting background task; then it runs in its turn. */
export const MAX_PASSED = 4

export class OperationQueue {
  private waiting: Task[] = []
  private busy = false

  run<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ lane, run: () => work().then(resolve, reject), passed: 0 })
      this.next()
    })
  }

  private next(): void {
    if (this.busy) return
    const task = this.take()
    if (!task) return
    this.busy = true
    void task.run().finally(() => {
      this.busy = false
      this.next()
    })
  }

  /** The first task, unless it is a background read passed fewer than MAX_PASSED times and a read waits behind it before any write. */
  private take(): Task | undefined {
    let at = 0
    const first = this.waiting[0]
    if (first?.lane === 'background' && first.passed < MAX_PASSED) {
      for (let i = 1; i < this.waiting.length && this.waiting[i]!.lane !== 'write'; i++) {
        if (this.waiting[i]!.lane === 'read') { at = i; break }
      }
      for (let i = 0; i < at; i++) this.waiting[i]!.passed++
    }
    return this.waiting.splice(at, 1)[0]
  }
}
