import { describe, expect, it } from 'vitest'
import { SNIFF_BYTES, guessHeader, sniffCsv, suggestMapping } from '../../workers/engine/csv/sniff'
import { guessDelimiter } from '../../workers/engine/csv/delimiter'

const enc = (s: string) => new TextEncoder().encode(s)
const sniffText = (s: string, options = {}) => { const b = enc(s); return sniffCsv(b, b.byteLength, options) }

describe('sniffCsv', () => {
  it('guesses the delimiter: comma, semicolon, tab, pipe, with quoted delimiters inside fields', () => {
    expect(guessDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(guessDelimiter('a;b;c\n"1,5";2;3\n"x,y,z";2;3\n')).toBe(';')
    expect(guessDelimiter('a\tb\n1,2\t3\n')).toBe('\t')
    expect(guessDelimiter('id|name\nu1|Lovelace, Ada\nu2|Hopper, Grace\n')).toBe('|')
    expect(guessDelimiter('just one column\nanother\n')).toBe(',')
    expect(sniffText('u1;a@x.io;pro\nu2;b@x.io;free\n').delimiter).toBe(';')
    expect(sniffText('u1;a@x.io\n', { delimiter: ',' }).delimiter).toBe(',')
  })

  it('offers a header when the first row is names above data, and not for a headerless file', () => {
    expect(guessHeader([['id', 'email', 'plan'], ['u1', 'a@x.io', 'pro']])).toBe(true)
    expect(guessHeader([['customer', 'score'], ['Ada', '12.5']])).toBe(true)
    expect(guessHeader([['u1', 'a@x.io', 'pro'], ['u2', 'b@x.io', 'free']])).toBe(false)
    expect(guessHeader([['u1', 'pro'], ['u2', 'free']])).toBe(false)
    expect(guessHeader([['plan', ''], ['pro', '1']])).toBe(false)
    expect(guessHeader([['a', 'a'], ['1', '2']])).toBe(false)
    const s = sniffText('id,email\nu1,a@x.io\nu2,b@x.io\n')
    expect(s).toMatchObject({ likelyHeader: true, header: true, estimatedRows: 2, exact: true, columns: 2 })
    expect(sniffText('id,email\nu1,a@x.io\n', { header: false }).estimatedRows).toBe(2)
  })

  it('drops a BOM, and tells CRLF, LF and CR line ends apart', () => {
    const s = sniffText('\ufeffid,email\r\nu1,a@x.io\r\n')
    expect(s).toMatchObject({ bom: true, lineEnds: 'CRLF', rows: [['id', 'email'], ['u1', 'a@x.io']] })
    expect(sniffText('a,b\n1,2\n').lineEnds).toBe('LF')
    expect(sniffText('a,b\r1,2\r').lineEnds).toBe('CR')
    expect(sniffText('a,b').lineEnds).toBe('none')
  })

  it('detects invalid UTF-8 and suggests Windows-1252, decoding the preview with it', () => {
    const bytes = new Uint8Array([...enc('u1,caf'), 0xe9, ...enc(',M'), 0xfc, ...enc('nchen\n')])
    const s = sniffCsv(bytes, bytes.byteLength)
    expect(s).toMatchObject({ validUtf8: false, invalidUtf8At: 0, encoding: 'windows-1252', rows: [['u1', 'café', 'München']] })
    expect(sniffCsv(bytes, bytes.byteLength, { encoding: 'utf-8' }).encoding).toBe('utf-8')
    const good = sniffText('u1,café\n')
    expect(good).toMatchObject({ validUtf8: true, encoding: 'utf-8', rows: [['u1', 'café']] })
  })

  it('a UTF-8 character cut by the end of the sample is not invalid', () => {
    const text = 'id,name\n' + 'u1,Zoë\n'.repeat(20_000)
    const bytes = enc(text)
    let cut = SNIFF_BYTES
    while ((bytes[cut]! & 0xc0) !== 0x80) cut-- // cut inside a character
    const s = sniffCsv(bytes.subarray(0, cut), bytes.byteLength)
    expect(s.validUtf8).toBe(true)
  })

  it('estimates the rows of a large file from the sample, within a few percent, and only warns over the limit', () => {
    const line = (i: number) => `user-${i},user.${i}@example.com,pro,${i % 90}\n`
    let text = 'id,email,plan,age\n'
    for (let i = 0; text.length < 200_000; i++) text += line(i)
    const bytes = enc(text)
    const rows = text.split('\n').length - 2
    const s = sniffCsv(bytes.subarray(0, SNIFF_BYTES), bytes.byteLength)
    expect(s.exact).toBe(false)
    expect(Math.abs(s.estimatedRows - rows) / rows).toBeLessThan(0.05)
    expect(s.knownRows).toBeLessThan(rows)
    expect(s.rows).toHaveLength(20)
    expect(s.overLimit).toBe(false)
    // the same rows, as if the file were 2,000,000 rows long: an estimate warns, it never refuses
    const huge = sniffCsv(bytes.subarray(0, SNIFF_BYTES), Math.round(bytes.byteLength / rows * 2_000_000))
    expect(huge.estimatedRows).toBeGreaterThan(1_900_000)
    expect(huge).toMatchObject({ overLimit: false, likelyOverLimit: true })
  })

  // Issue 13: estimates refused files under the limit.
  it('never refuses a file under the limit: 999,999 sequential ids, or short rows first and long cells later', () => {
    const ids = Array.from({ length: 999_999 }, (_, i) => `${i + 1}\n`).join('')
    const a = sniffCsv(enc(ids.slice(0, SNIFF_BYTES + 100)).subarray(0, SNIFF_BYTES), enc(ids).byteLength)
    expect(a.overLimit).toBe(false)
    expect(a.knownRows).toBeGreaterThan(10_000)
    const short = Array.from({ length: 3_000 }, (_, i) => `u${i},a\n`).join('')
    const long = Array.from({ length: 15_000 }, (_, i) => `v${i},${'x'.repeat(2_000)}\n`).join('')
    const file = enc(short + long)
    const b = sniffCsv(file.subarray(0, SNIFF_BYTES), file.byteLength)
    expect(b.overLimit).toBe(false)
    expect(b.knownRows).toBeGreaterThan(2_000)
    expect(b.knownRows).toBeLessThanOrEqual(18_000)
  })

  it('the preview leaves out a record cut by the end of the sample, even inside quotes', () => {
    const text = 'id,note\n' + Array.from({ length: 3000 }, (_, i) => `u${i},"a, ""quoted""\nnote ${i}"`).join('\n') + '\n'
    const s = sniffCsv(enc(text).subarray(0, SNIFF_BYTES), enc(text).byteLength)
    expect(s.rows[1]).toEqual(['u0', 'a, "quoted"\nnote 0'])
    expect(s.rows.every(r => r.length === 2)).toBe(true)
    expect(Math.abs(s.estimatedRows - 3000) / 3000).toBeLessThan(0.05)
  })

  it('counts exactly when the whole file is in the sample, blank lines left out', () => {
    expect(sniffText('u1,a\n\nu2,b\n\n').estimatedRows).toBe(2)
    expect(sniffText('').estimatedRows).toBe(0)
  })
})

describe('suggestMapping', () => {
  it('maps obvious headers to reserved properties and keeps other names', () => {
    const rows = [
      ['User ID', 'E-mail', 'First Name', 'last_name', 'Phone', 'City', 'Country', 'Signup Date', 'plan'],
      ['u1', 'a@x.io', 'Ada', 'Lovelace', '+44 20 1234', 'London', 'GB', '2024-01-02', 'pro'],
    ]
    expect(suggestMapping(rows, true).map(s => s.identifier ? '(id)' : s.property)).toEqual([
      '(id)', '$email', '$first_name', '$last_name', '$phone', '$city', '$country_code', '$created', 'plan',
    ])
  })

  it('keeps country and signup as they are when the values do not fit', () => {
    const rows = [['country', 'signup'], ['Germany', 'last tuesday']]
    expect(suggestMapping(rows, true).map(s => s.property)).toEqual(['country', 'signup'])
  })

  it('headerless: email-like columns map to $email, the rest wait for a name', () => {
    expect(suggestMapping([['u1', 'a@x.io', 'pro'], ['u2', 'b@x.io', 'free']], false)).toEqual([
      { property: '', identifier: false }, { property: '$email', identifier: false }, { property: '', identifier: false },
    ])
  })

  it('group profiles: the group key or group_id column is the identifier; a property is used once', () => {
    const rows = [['company_id', 'name', 'Name'], ['acme', 'Acme', 'ACME']]
    expect(suggestMapping(rows, true, { groupKey: 'company_id' })).toEqual([
      { property: '', identifier: true }, { property: '$name', identifier: false }, { property: 'Name', identifier: false },
    ])
  })
})

describe('suggestMapping with a stray cell', () => {
  it('a column of emails with one broken cell still maps to $email; a mixed one does not', () => {
    const rows = [['r1', 'a@x.io'], ['r2', 'b@x.io'], ['r3', 'c@x.io'], ['r4', 'd@x.io'], ['r5', 'never closed,1']]
    expect(suggestMapping(rows, false)[1]!.property).toBe('$email')
    expect(suggestMapping([['a@x.io'], ['plain'], ['text']], false)[0]!.property).toBe('')
  })
})
