// Exact decimal numbers for the oracle's aggregates (sums and averages are
// decimal arithmetic, not binary floating point): an integer mantissa and a
// power of ten, from the text a number is written as.

export interface Decimal { m: bigint; e: number }   // m × 10^e

/** A decimal from its text: `-12`, `3.50`, `1e3`, `.5`, `5.`, `+5`, `1e+21`. */
export function decimal(text: string): Decimal {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`oracle: not a decimal: ${text}`)
  const digits = (m[2] ?? '') + (m[3] ?? '')
  const mantissa = BigInt(digits || '0') * (m[1] === '-' ? -1n : 1n)
  return { m: mantissa, e: Number(m[4] ?? 0) - (m[3] ?? '').length }
}

/** A JavaScript number as the decimal its shortest text names (what JSON and the database read). */
export function decimalOf(n: number): Decimal {
  return decimal(String(n))
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e)
  return [a.m * 10n ** BigInt(a.e - e), b.m * 10n ** BigInt(b.e - e), e]
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = align(a, b)
  return { m: x + y, e }
}

export function times(a: Decimal, n: number): Decimal {
  return { m: a.m * BigInt(n), e: a.e }
}

/** -1, 0 or 1. */
export function compare(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b)
  return x < y ? -1 : x > y ? 1 : 0
}

export const ZERO: Decimal = { m: 0n, e: 0 }
