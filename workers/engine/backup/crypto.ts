// Encrypted backups: WebCrypto only, so the same code runs in the worker and in Node.
//
// The key is derived from the passphrase with PBKDF2-HMAC-SHA-256 (600,000
// iterations, OWASP's figure for it, and a random 16-byte salt); the file is
// AES-256-GCM in 1 MiB chunks, so a large backup is never one buffer twice:
//
//   "COHORTLITE ENCRYPTED BACKUP\n"   28 bytes, what a text editor shows
//   header length                     4 bytes, big-endian
//   header                            JSON: kdf and cipher parameters, the
//                                     plaintext's length, a key check
//   chunk 0 … chunk n-1               ciphertext + 16-byte tag each
//
// Chunk i uses the nonce (8 random bytes ‖ i as 4 bytes); its additional data
// is the header followed by 1 for the last chunk and 0 otherwise. So any
// changed byte, chunks swapped or dropped, a file cut at a chunk boundary or
// a changed header all fail authentication. The key check (16 zero bytes
// under nonce ‖ 0xFFFFFFFF) tells a wrong passphrase apart from a damaged file.

const MAGIC = 'COHORTLITE ENCRYPTED BACKUP\n'
const MAGIC_BYTES = new TextEncoder().encode(MAGIC)
const ITERATIONS = 600_000
const CHUNK = 1 << 20
const TAG = 16
const CHECK_COUNTER = 0xffffffff
const FORMAT = 1

interface EncryptionHeader {
  format: number
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string }
  cipher: { name: 'AES-GCM'; length: 256; nonce: string; chunkBytes: number }
  /** Plaintext bytes: the file's expected length follows from it. */
  bytes: number
  check: string
}

export type DecryptProblem = 'wrong-passphrase' | 'tampered' | 'truncated' | 'newer' | 'not-a-backup'

/** Why an encrypted backup cannot be read. */
export class DecryptError extends Error {
  constructor(readonly problem: DecryptProblem, message: string) {
    super(message)
    this.name = 'DecryptError'
  }
}

/** Whether the file starts as an encrypted backup does. */
export function isEncrypted(head: Uint8Array): boolean {
  return head.length >= MAGIC_BYTES.length && MAGIC_BYTES.every((b, i) => head[i] === b)
}

const subtle = () => globalThis.crypto.subtle

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  // NFC: the same passphrase typed on two systems can arrive composed or decomposed.
  const material = await subtle().importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey'])
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
}

function nonce(prefix: Uint8Array, counter: number): Uint8Array {
  const iv = new Uint8Array(12)
  iv.set(prefix)
  new DataView(iv.buffer).setUint32(8, counter)
  return iv
}

function additional(header: Uint8Array, last: boolean): Uint8Array {
  const aad = new Uint8Array(header.length + 1)
  aad.set(header)
  aad[header.length] = last ? 1 : 0
  return aad
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromBase64 = (text: string) => Uint8Array.from(atob(text), c => c.charCodeAt(0))

/** `plain` encrypted under `passphrase`, as the file described above. */
export async function encrypt(plain: Blob, passphrase: string): Promise<Blob> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const prefix = crypto.getRandomValues(new Uint8Array(8))
  const key = await deriveKey(passphrase, salt, ITERATIONS)
  const check = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: nonce(prefix, CHECK_COUNTER) as BufferSource }, key, new Uint8Array(16)))
  const header: EncryptionHeader = {
    format: FORMAT,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: ITERATIONS, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', length: 256, nonce: toBase64(prefix), chunkBytes: CHUNK },
    bytes: plain.size,
    check: toBase64(check),
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  const length = new Uint8Array(4)
  new DataView(length.buffer).setUint32(0, headerBytes.length)
  const parts: BlobPart[] = [MAGIC_BYTES, length, headerBytes]
  const chunks = Math.max(1, Math.ceil(plain.size / CHUNK))
  for (let i = 0; i < chunks; i++) {
    const data = new Uint8Array(await plain.slice(i * CHUNK, (i + 1) * CHUNK).arrayBuffer())
    parts.push(new Uint8Array(await subtle().encrypt(
      { name: 'AES-GCM', iv: nonce(prefix, i) as BufferSource, additionalData: additional(headerBytes, i === chunks - 1) as BufferSource },
      key, data)))
  }
  return new Blob(parts as BlobPart[], { type: 'application/octet-stream' })
}

/** Reads and checks the header, derives the key and checks it; then a stream of the plaintext, chunk by chunk. */
export async function decrypt(file: Blob, passphrase: string): Promise<ReadableStream<Uint8Array>> {
  const lengthAt = MAGIC_BYTES.length
  const prelude = new Uint8Array(await file.slice(0, lengthAt + 4).arrayBuffer())
  if (!isEncrypted(prelude)) throw new DecryptError('not-a-backup', 'This file is not an encrypted Cohortlite backup')
  if (prelude.length < lengthAt + 4) throw new DecryptError('truncated', 'This encrypted backup is incomplete: it stops inside its header')
  const headerLength = new DataView(prelude.buffer).getUint32(lengthAt)
  if (headerLength > 64 * 1024) throw new DecryptError('tampered', 'This encrypted backup has been changed: its header is not valid')
  const headerBytes = new Uint8Array(await file.slice(lengthAt + 4, lengthAt + 4 + headerLength).arrayBuffer())
  if (headerBytes.length < headerLength) throw new DecryptError('truncated', 'This encrypted backup is incomplete: it stops inside its header')
  let header: EncryptionHeader
  try {
    header = JSON.parse(new TextDecoder().decode(headerBytes)) as EncryptionHeader
  } catch {
    throw new DecryptError('tampered', 'This encrypted backup has been changed: its header is not valid JSON')
  }
  if (typeof header.format === 'number' && header.format > FORMAT) {
    throw new DecryptError('newer', `This backup was encrypted by a newer version of Cohortlite (encryption format ${header.format}); open it there`)
  }
  const valid = header.format === FORMAT && header.kdf?.name === 'PBKDF2' && header.kdf.hash === 'SHA-256' &&
    Number.isInteger(header.kdf.iterations) && header.kdf.iterations >= 1 && header.kdf.iterations <= 10_000_000 &&
    header.cipher?.name === 'AES-GCM' && Number.isInteger(header.cipher.chunkBytes) && header.cipher.chunkBytes > 0 &&
    header.cipher.chunkBytes <= 64 << 20 && Number.isSafeInteger(header.bytes) && header.bytes >= 0 &&
    typeof header.kdf.salt === 'string' && typeof header.cipher.nonce === 'string' && typeof header.check === 'string'
  if (!valid) throw new DecryptError('tampered', 'This encrypted backup has been changed: its header is not valid')
  let salt: Uint8Array, prefix: Uint8Array, check: Uint8Array
  try {
    salt = fromBase64(header.kdf.salt)
    prefix = fromBase64(header.cipher.nonce)
    check = fromBase64(header.check)
  } catch {
    throw new DecryptError('tampered', 'This encrypted backup has been changed: its header is not valid')
  }
  if (prefix.length !== 8) throw new DecryptError('tampered', 'This encrypted backup has been changed: its header is not valid')
  const key = await deriveKey(passphrase, salt, header.kdf.iterations)
  try {
    await subtle().decrypt({ name: 'AES-GCM', iv: nonce(prefix, CHECK_COUNTER) as BufferSource }, key, check as BufferSource)
  } catch {
    throw new DecryptError('wrong-passphrase', 'Wrong passphrase: this backup was encrypted with a different one')
  }
  const chunkBytes = header.cipher.chunkBytes
  const chunks = Math.max(1, Math.ceil(header.bytes / chunkBytes))
  const start = lengthAt + 4 + headerLength
  const expected = start + header.bytes + chunks * TAG
  if (file.size < expected) {
    throw new DecryptError('truncated', `This encrypted backup is incomplete: it has ${file.size} of its ${expected} bytes`)
  }
  if (file.size > expected) throw new DecryptError('tampered', 'This encrypted backup has been changed: it has bytes after its end')
  let i = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i === chunks) { controller.close(); return }
      const from = start + i * (chunkBytes + TAG)
      const sealed = await file.slice(from, Math.min(from + chunkBytes + TAG, expected)).arrayBuffer()
      try {
        controller.enqueue(new Uint8Array(await subtle().decrypt(
          { name: 'AES-GCM', iv: nonce(prefix, i) as BufferSource, additionalData: additional(headerBytes, i === chunks - 1) as BufferSource },
          key, sealed)))
      } catch {
        throw new DecryptError('tampered', `This encrypted backup has been changed since it was made: part ${i + 1} of ${chunks} fails its integrity check`)
      }
      i++
    },
  }, { highWaterMark: 1 })
}
