import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { csvLines, csvValue, engageLine, engageNames } from '../../workers/engine/export/cells'
import { typedValue } from '../../workers/engine/csv/typed'

const FORMULA = /^[=+\-@\t\r]/
const cell = fc.oneof(
  fc.string(), fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '=', '+', '-', '@', '\t', '\uFEFF', 'é') }),
  fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(undefined))

describe('export cells', () => {
  it('csvLines writes what Papa.unparse writes, guarded or not (it only skips Papa for cells Papa leaves alone)', () => {
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (rows, guard) => {
      const papa = Papa.unparse(rows, { header: false, newline: '\r\n', escapeFormulae: guard ? FORMULA : false }) + '\r\n'
      expect(csvLines(rows, guard)).toBe(papa)
    }), { numRuns: 500 })
  })

  it('an exact string cell reads back through type detection as the same string', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.constantFrom('42', ' 7 ', 'TRUE', '[1]', '{}', '"x"', '', '  ', '1e3', '-0')), text => {
      const written = csvValue(text, true) as string
      const back = written.trim() === '' ? undefined : typedValue(written)
      expect(back).toBe(text)
    }), { numRuns: 1000 })
  })

  it('an Engage line holds the wanted, set properties only; a group\'s names its key and id', () => {
    const names = engageNames(['b', 'a', 'gone'])
    expect(engageLine('u"1', '', { a: 1, b: [2], c: 'x', gone: null }, names)).toBe('{"$distinct_id":"u\\"1","$set":{"b":[2],"a":1}}\n')
    expect(JSON.parse(engageLine('u1', '', { a: 1, b: 'x' }, names))).toEqual({ $distinct_id: 'u1', $set: { a: 1, b: 'x' } })
    expect(engageLine('acme', 'company', { size: 3 }, engageNames('all'))).toBe('{"$group_key":"company","$group_id":"acme","$set":{"size":3}}\n')
  })
})
