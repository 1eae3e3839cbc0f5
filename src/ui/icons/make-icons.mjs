// Writes the PWA icons into public/ (run: node src/ui/icons/make-icons.mjs).
// No dependencies: draws with signed distances, 4x4 supersampling, PNG via zlib.
import { deflateSync } from 'node:zlib'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const out = fileURLToPath(new URL('../../../public/', import.meta.url))
const BRAND = [0x5b, 0x3f, 0xd9]   // --accent in src/ui/theme.css
const WHITE = [255, 255, 255]

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = buf => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0 }
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ])
}

// Shapes in unit coordinates (0..1). The glyph: a cohort of three people, the
// front one larger, separated from the two behind by a gap.
const roundedSquare = (inset, radius) => (x, y) => {
  const qx = Math.abs(x - 0.5) - (0.5 - inset - radius), qy = Math.abs(y - 0.5) - (0.5 - inset - radius)
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) <= radius
}
function person(cx, headY, headR, bodyR, bottom, grow = 0) {
  return (x, y) =>
    Math.hypot(x - cx, y - headY) <= headR + grow ||
    (y <= bottom + grow && Math.hypot(x - cx, y - bottom) <= bodyR + grow)
}
function glyph(scale) {
  const t = (x, y) => [0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale]
  const back = [person(0.28, 0.40, 0.085, 0.15, 0.74), person(0.72, 0.40, 0.085, 0.15, 0.74)]
  const front = person(0.5, 0.40, 0.115, 0.22, 0.80)
  const gap = person(0.5, 0.40, 0.115, 0.22, 0.80, 0.035)
  return (x0, y0) => {
    const [x, y] = t(x0, y0)
    if (front(x, y)) return true
    return !gap(x, y) && back.some(p => p(x, y))
  }
}

function render(size, { background, glyphScale }) {
  const buf = Buffer.alloc(size * size * 4)
  const g = glyph(glyphScale)
  const N = 4
  for (let py = 0; py < size; py++) for (let px = 0; px < size; px++) {
    let bg = 0, fg = 0
    for (let sy = 0; sy < N; sy++) for (let sx = 0; sx < N; sx++) {
      const x = (px + (sx + 0.5) / N) / size, y = (py + (sy + 0.5) / N) / size
      if (background(x, y)) { bg++; if (g(x, y)) fg++ }
    }
    const a = bg / (N * N), f = bg ? fg / bg : 0
    const i = (py * size + px) * 4
    for (let c = 0; c < 3; c++) buf[i + c] = Math.round(BRAND[c] * (1 - f) + WHITE[c] * f)
    buf[i + 3] = Math.round(a * 255)
  }
  return png(size, buf)
}

const any = { background: roundedSquare(0.04, 0.2), glyphScale: 1 }
// maskable: full bleed, glyph inside the 80% safe circle
const maskable = { background: () => true, glyphScale: 0.72 }
writeFileSync(out + 'icon-192.png', render(192, any))
writeFileSync(out + 'icon-512.png', render(512, any))
writeFileSync(out + 'icon-maskable-512.png', render(512, maskable))
writeFileSync(out + 'apple-touch-icon.png', render(180, maskable))
console.log('icons written to', out)
