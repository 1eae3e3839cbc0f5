// Just enough of the tar format (POSIX ustar) for the backup file: writing
// the two entries of a backup, and reading any tar from a stream while
// checking that it is whole (every header's checksum, every entry's bytes,
// the end-of-archive blocks). PGlite's own data dir dump is a ustar file too.

const BLOCK = 512
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Bytes of padding after `size` bytes of content, to the next block. */
export function paddingOf(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(name: string, size: number, mtime: Date): Uint8Array {
  const header = new Uint8Array(BLOCK)
  const field = (offset: number, length: number, text: string) => {
    const bytes = encoder.encode(text)
    if (bytes.length > length) throw new Error(`tar: "${text}" does not fit a ${length}-byte field`)
    header.set(bytes, offset)
  }
  const octal = (offset: number, length: number, value: number) =>
    field(offset, length, value.toString(8).padStart(length - 1, '0') + '\0')
  field(0, 100, name)
  octal(100, 8, 0o644)
  octal(108, 8, 0)
  octal(116, 8, 0)
  octal(124, 12, size)
  octal(136, 12, Math.floor(mtime.getTime() / 1000))
  field(148, 8, '        ')
  field(156, 1, '0')
  field(257, 6, 'ustar\0')
  field(263, 2, '00')
  field(265, 32, 'cohortlite')
  field(297, 32, 'cohortlite')
  let sum = 0
  for (const b of header) sum += b
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ')
  return header
}

/** The two zero blocks that end a tar archive. */
export const TAR_END = new Uint8Array(2 * BLOCK)

export interface TarEntry { name: string; size: number; type: string }

/** Why a tar stream is not a whole archive; `truncated` when it simply stops early. */
export class TarError extends Error {
  constructor(message: string, readonly truncated: boolean) {
    super(message)
    this.name = 'TarError'
  }
}

/** Reads exactly the bytes asked for from a stream of chunks, however they are cut. */
export class ByteReader {
  private reader: ReadableStreamDefaultReader<Uint8Array>
  private buffered: Uint8Array[] = []
  private available = 0
  private done = false
  /** Bytes handed out so far. */
  offset = 0

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader()
  }

  private async fill(wanted: number): Promise<void> {
    while (this.available < wanted && !this.done) {
      const { value, done } = await this.reader.read()
      if (done) this.done = true
      else if (value.length) {
        this.buffered.push(value)
        this.available += value.length
      }
    }
  }

  /** Up to `max` bytes (fewer only at the end of the stream), as one or more chunks. */
  async take(max: number): Promise<Uint8Array[]> {
    await this.fill(Math.min(max, 1))
    const out: Uint8Array[] = []
    let left = max
    while (left > 0 && this.buffered.length) {
      const head = this.buffered[0]!
      const part = head.length <= left ? head : head.subarray(0, left)
      if (part === head) this.buffered.shift()
      else this.buffered[0] = head.subarray(left)
      out.push(part)
      left -= part.length
      this.available -= part.length
      this.offset += part.length
      if (left > 0 && !this.buffered.length) await this.fill(1)
    }
    return out
  }

  /** Exactly `n` bytes in one array, or fewer at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    await this.fill(n)
    return concat(await this.take(n))
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined)
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

/** Parses a header block; null for a zero block (the end of the archive). */
function parseHeader(block: Uint8Array, at: number): TarEntry | null {
  if (block.every(b => b === 0)) return null
  const text = (offset: number, length: number) => {
    const slice = block.subarray(offset, offset + length)
    const end = slice.indexOf(0)
    return decoder.decode(end < 0 ? slice : slice.subarray(0, end))
  }
  const octal = (offset: number, length: number) => {
    const digits = text(offset, length).trim()
    return /^[0-7]+$/.test(digits) ? parseInt(digits, 8) : NaN
  }
  const stored = octal(148, 8)
  // The checksum is the header's byte sum with its own field read as spaces
  // (some writers sum signed bytes: accept both, as GNU tar does).
  let unsigned = 0
  let signed = 0
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 32 : block[i]!
    unsigned += b
    signed += b > 127 ? b - 256 : b
  }
  if (stored !== unsigned && stored !== signed) throw new TarError(`the tar header at byte ${at} is damaged (its checksum does not match)`, false)
  const size = octal(124, 12)
  if (!Number.isFinite(size)) throw new TarError(`the tar header at byte ${at} has no valid size`, false)
  const prefix = text(257, 6) === 'ustar' ? text(345, 155) : ''
  const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100)
  return { name, size, type: text(156, 1) || '0' }
}

/**
 * Walks a tar stream entry by entry. `onEntry` gets each entry and a reader of
 * exactly its content (which it may leave unread). Throws TarError when the
 * stream ends inside a header or an entry, or before the end-of-archive
 * blocks, or when a header is damaged.
 */
export async function walkTar(bytes: ByteReader,
                              onEntry: (entry: TarEntry, content: (max: number) => Promise<Uint8Array[]>) => Promise<void>): Promise<number> {
  let entries = 0
  for (;;) {
    const at = bytes.offset
    const block = await bytes.read(BLOCK)
    if (block.length === 0) throw new TarError(`the archive stops after ${entries} entries, without its end marker`, true)
    if (block.length < BLOCK) throw new TarError(`the archive stops inside the header at byte ${at}`, true)
    const entry = parseHeader(block, at)
    if (!entry) {
      // The second zero block; a few writers stop after one, at the very end.
      const second = await bytes.read(BLOCK)
      if (second.length !== 0 && !second.every(b => b === 0)) throw new TarError(`the archive has data after its end marker at byte ${at}`, false)
      return entries
    }
    const end = bytes.offset + entry.size
    await onEntry(entry, async max => bytes.take(Math.min(max, end - bytes.offset)))
    // What the callback left unread, then the padding.
    while (bytes.offset < end) {
      const skipped = await bytes.take(Math.min(end - bytes.offset, 1 << 20))
      if (skipped.length === 0) throw new TarError(`the archive stops inside "${entry.name}" (${end - bytes.offset} of its ${entry.size} bytes missing)`, true)
    }
    const pad = paddingOf(entry.size)
    if (pad && (await bytes.read(pad)).length < pad) throw new TarError(`the archive stops after "${entry.name}"`, true)
    entries++
  }
}
