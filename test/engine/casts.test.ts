// profiles/casts.ts computes, for bulk imports, what the SQL functions cl_nums
// and cl_times compute for every other write. The two must agree value by
// value, or a filter would answer differently depending on how a profile got in.
import { PGlite } from '@electric-sql/pglite'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { castDocs, numberText, stringMicros } from '../../workers/engine/profiles/casts'
import { templateBlob } from './helpers'

let db: PGlite

beforeAll(async () => {
  db = await PGlite.create({ loadDataDir: await templateBlob() })
  await db.exec(`set timezone to 'UTC'`)
})
afterAll(async () => { await db.close() })

/** Asks Postgres for the casts of `properties` and whether they equal ours. */
async function agree(properties: Record<string, unknown>): Promise<{ same: boolean; sql: unknown; ours: unknown }> {
  const ours = castDocs(properties)
  if (!ours) return { same: true, sql: null, ours: null }
  const { rows } = await db.query<{ nums: unknown; times: unknown; same: boolean }>(
    `select cl_nums($1::jsonb) as nums, cl_times($1::jsonb) as times,
            cl_nums($1::jsonb) = $2::jsonb and cl_times($1::jsonb) = $3::jsonb
            and jsonb_strip_nulls($4::jsonb) = $2::jsonb and jsonb_strip_nulls($5::jsonb) = $3::jsonb as same`,
    [JSON.stringify(properties), ours.nums, ours.times, ours.numsPatch, ours.timesPatch])
  return { same: rows[0]!.same, sql: rows[0], ours }
}

const TRICKY: unknown[] = [
  '42', ' 42 ', '\t-3.50\n', '+7', '.5', '5.', '007', '00.25', '-0', '1e5', '1E-4', '2.5e+03', '1e12345', '1e', 'e5', '--1',
  '1 000', '١٢', '0x1F', 'NaN', 'Infinity', '', ' ', '12abc', '3.14.15', '9'.repeat(1000), '9'.repeat(1001),
  42, -0, 3.5, 1e21, 1.5e-7, 0.1, 99999999999.99998, 1e11, 1e11 - 1, 1e14, 1e14 - 1, -1e11 + 1, 1700000000, 1700000000123, 1700000000.5,
  true, false, null, [1, 2], { a: 1 }, ['2024-01-01'],
  '2024-05-01', '2024-05-01T10:00', '2024-05-01 10:00:05', '2024-05-01T10:00:05.123456Z', '2024-05-01T10:00:05.1+02',
  '2024-05-01T10:00:05-0530', '2024-05-01T10:00:05+05:30', '2024-02-29', '2023-02-29', '2024-13-01', '2024-04-31', '0000-01-01',
  '0001-01-01', '9999-12-31T23:59:59Z', '1900-02-29', '2000-02-29', '2024-05-01T25:00', '2024-05-01T10:60',
  '2024-05-01T10:00:00+15:59', '2024-05-01T10:00:00+16', '2024-05-01T24:00:00', '2024-05-01T23:59:60', '2024-05-01T10:00:00.1234567',
  '2024-05-01T', '2024-5-1', ' 2024-05-01', '2024-05-01Z', '2024-05-01T10:00:00z',
]

describe('casts computed in TypeScript equal cl_nums and cl_times', () => {
  it('on values chosen to hit every rule', async () => {
    for (const [i, value] of TRICKY.entries()) {
      const result = await agree({ [`k${i}`]: value })
      expect(result, JSON.stringify(value)).toMatchObject({ same: true })
    }
  })

  it('computes every shape an import commonly holds without asking Postgres', () => {
    for (const value of ['42', '-3.5', '2024-05-01', '2024-05-01T10:00:05.123Z', '2024-05-01 10:00:05+02:00', 1700000000, 'pro', true]) {
      expect(castDocs({ v: value }), JSON.stringify(value)).toBeDefined()
    }
    // Shapes only Postgres judges (it accepts 24:00 and leap seconds, and rounds beyond microseconds).
    expect(stringMicros('2024-05-01T24:00:00')).toBeUndefined()
    expect(stringMicros('2024-05-01T10:00:00.1234567')).toBeUndefined()
    expect(stringMicros('2024-02-30')).toBeNull()
    expect(numberText(' +.5 ')).toBe('0.5')
    expect(numberText('007.')).toBe('7')
  })

  it('on generated numbers, date-times and property sets', async () => {
    const digits = fc.stringMatching(/^[0-9]{1,6}$/)
    const numeric = fc.tuple(fc.constantFrom('', ' ', '\t'), fc.constantFrom('', '-', '+'), digits,
      fc.option(fc.tuple(fc.constant('.'), fc.stringMatching(/^[0-9]{0,4}$/)), { nil: undefined }),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{1,4}$/)), { nil: undefined }))
      .map(([ws, sign, whole, frac, exp]) => `${ws}${sign}${whole}${frac ? frac.join('') : ''}${exp ? exp.join('') : ''}${ws}`)
    const pad = (n: number, w = 2) => String(n).padStart(w, '0')
    const datetime = fc.record({
      y: fc.integer({ min: 0, max: 9999 }), mo: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }),
      time: fc.option(fc.record({
        h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 60 }),
        s: fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }),
        frac: fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }),
        zone: fc.option(fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 17 }),
          fc.constantFrom('', ':30', '45', ':59')).map(([s, h, m]) => `${s}${pad(h)}${m}`)), { nil: undefined }),
        sep: fc.constantFrom('T', ' '),
      }), { nil: undefined }),
    }).map(({ y, mo, d, time }) => `${pad(y, 4)}-${pad(mo)}-${pad(d)}` + (time
      ? `${time.sep}${pad(time.h)}:${pad(time.mi)}` + (time.s === undefined ? '' : `:${pad(time.s)}${time.frac ? `.${time.frac}` : ''}`) + (time.zone ?? '')
      : ''))
    const unix = fc.oneof(fc.integer({ min: -2e9, max: 4e9 }), fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 1e12, max: 2e12 }))
    const value = fc.oneof(numeric, datetime, unix, fc.string(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }))
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), value, { maxKeys: 6 }), async (properties) => {
      const result = await agree(properties)
      expect(result, JSON.stringify(properties)).toMatchObject({ same: true })
    }), { numRuns: Number(process.env.CASTS_FUZZ_RUNS ?? 300) })
  })
})
