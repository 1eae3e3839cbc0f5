// Number, size and place formatting shared by the pages. Counts use en-US
// grouping ("5,000") everywhere so the UI reads the same on every machine.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

export function formatCount(n: number): string {
  return integer.format(n)
}

/** "1 profile", "5,000 profiles" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}

/** Bytes in decimal units, as storage settings show them: "14.2 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1000) return `${Math.round(bytes)} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++ }
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/** Seconds with one decimal: "12.3 s". */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

let regionNames: Intl.DisplayNames | null | undefined

/** ISO-3166 alpha-2 → "United Kingdom"; an unknown code is shown as given. */
export function countryName(code: string): string {
  const trimmed = code.trim()
  if (!/^[A-Za-z]{2}$/.test(trimmed)) return trimmed
  if (regionNames === undefined) {
    try { regionNames = new Intl.DisplayNames(['en'], { type: 'region' }) } catch { regionNames = null }
  }
  try {
    return regionNames?.of(trimmed.toUpperCase()) ?? trimmed
  } catch {
    return trimmed
  }
}
