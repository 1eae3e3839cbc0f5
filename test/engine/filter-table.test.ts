// The operator table (filter/operators.ts) is the one list of property
// operators: every operator of every data type validates with values of the
// shape its arity says, compiles to SQL, has an oracle meaning and a label in
// the builder. The type checker demands each of these for a new operator;
// this test shows that the records it checks are the ones in use.
import { describe, expect, it } from 'vitest'
import { arityOf, DATA_TYPES, operatorsOf, type Arity, type DataType } from '../../workers/engine/filter/operators'
import type { PropertyCondition } from '../../workers/engine/filter/types'
import { validateFilter } from '../../workers/engine/filter/validate'
import { compileFilter } from '../../workers/engine/filter/compile'
import { Params } from '../../workers/engine/sql'
import { OPERATOR_LABELS } from '../../src/filters/model'
import { matchesProperty } from './oracle/property'

const SAMPLE: Record<DataType, Array<string | number>> = {
  string: ['a', 'b'], number: [1, 2], boolean: [], datetime: ['2024-01-01', '2024-02-01'], list: ['x', 'y'],
}

function sampleCondition(dataType: DataType, operator: string, arity: Arity): PropertyCondition {
  const c = { type: 'property', property: 'p', dataType, operator } as PropertyCondition
  if (arity === 'relative') return { ...c, amount: 2, unit: 'week' }
  if (arity === 'none') return c
  return { ...c, values: SAMPLE[dataType].slice(0, arity === 'two' ? 2 : 1) }
}

describe('the operator table', () => {
  for (const dataType of DATA_TYPES) {
    it(`${dataType}: every operator validates, compiles, has an oracle meaning and a label`, () => {
      expect(Object.keys(OPERATOR_LABELS[dataType]).sort()).toEqual([...operatorsOf(dataType)].sort())
      for (const operator of operatorsOf(dataType)) {
        const c = sampleCondition(dataType, operator, arityOf(dataType, operator))
        const filter = validateFilter({ op: 'and', filters: [c] })
        const params = new Params()
        const sql = compileFilter(filter, { params, now: '2024-06-01T00:00:00Z', groupKey: '', cohorts: () => undefined })
        expect(sql, `${dataType} ${operator}`).not.toBe('')
        // The property name is bound, never written into the SQL text.
        expect(params.values).toContain('p')
        expect(typeof matchesProperty({ p: 'a' }, c, Date.parse('2024-06-01'))).toBe('boolean')
      }
    })
  }
})
