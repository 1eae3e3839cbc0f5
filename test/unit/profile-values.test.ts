// The profile page's value rules (src/profile/values.ts): inferred types,
// parsing inputs back into values, and profiles.md's reserved-property checks.
import { describe, expect, it } from 'vitest'
import { checkReserved, inferType, inputText, parseValue, suggestedTypeOf } from '../../src/profile/values'

describe('profile values', () => {
  it('infers the type of a stored value', () => {
    expect(inferType(['a', 1])).toBe('list')
    expect(inferType(3.5)).toBe('number')
    expect(inferType(false)).toBe('boolean')
    expect(inferType('2026-11-29')).toBe('datetime')
    expect(inferType('2026-11-29T10:00:00Z')).toBe('datetime')
    expect(inferType('2026-13-45')).toBe('string')
    expect(inferType('42')).toBe('string')
    expect(inferType({ a: 1 })).toBe('object')
  })

  it('parses inputs by type and says what is wrong', () => {
    expect(parseValue(' 7.5 ', 'number')).toEqual({ value: 7.5 })
    expect(parseValue('seven', 'number')).toHaveProperty('error')
    expect(parseValue('', 'number')).toHaveProperty('error')
    expect(parseValue('false', 'boolean')).toEqual({ value: false })
    // entered in UTC, as the field says, and stored with its zone
    expect(parseValue('2026-11-29T10:15', 'datetime')).toEqual({ value: '2026-11-29T10:15:00Z' })
    expect(parseValue('2026-11-29T10:15:30', 'datetime')).toEqual({ value: '2026-11-29T10:15:30Z' })
    expect(parseValue('2026-11-29T10:15:00+02:00', 'datetime')).toEqual({ value: '2026-11-29T10:15:00+02:00' })
    expect(parseValue('yesterday', 'datetime')).toHaveProperty('error')
    expect(parseValue('["a",2]', 'list')).toEqual({ value: ['a', 2] })
    expect(parseValue('  spaces kept ', 'string')).toEqual({ value: '  spaces kept ' })
    expect(inputText('2026-11-29T10:15:00Z', 'datetime')).toBe('2026-11-29T10:15:00')
  })

  it('checks reserved properties as profiles.md asks', () => {
    expect(checkReserved('$phone', '+44 20 7946 0958')).toEqual({})
    expect(checkReserved('$phone', '+1 (415) 555-0100')).toEqual({})
    expect(checkReserved('$phone', '020 7946 0958').error).toMatch(/\+ and a country code/)
    expect(checkReserved('$phone', '+0 123').error).toBeTruthy()
    expect(checkReserved('$phone', '+')).toHaveProperty('error')
    expect(checkReserved('$avatar', 'https://example.com/a.png')).toEqual({})
    expect(checkReserved('$avatar', 'http://example.com/a.png')).toEqual({})
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'ftp://x/y.png', 'not a url']) {
      expect(checkReserved('$avatar', bad).error).toMatch(/http/)
    }
    expect(checkReserved('$email', 'ada@example.com')).toEqual({})
    expect(checkReserved('$email', 'ada.example.com').warning).toMatch(/@/)
    expect(checkReserved('$email', 'ada.example.com').error).toBeUndefined()
    expect(checkReserved('plan', 'anything')).toEqual({})
  })

  it('suggests a type for a property name: its type in use, else the reserved default', () => {
    const known = [{ name: 'age', type: 'number' as const }, { name: '$created', type: 'string' as const }]
    expect(suggestedTypeOf('age', known)).toBe('number')
    expect(suggestedTypeOf('$created', known)).toBe('string')
    expect(suggestedTypeOf('$last_seen', known)).toBe('datetime')
    expect(suggestedTypeOf('$email', known)).toBe('string')
    expect(suggestedTypeOf('new_thing', known)).toBeNull()
  })
})
