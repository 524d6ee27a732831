import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeTerm, encodeTerm } from '../../../src/indexing/term-key.js'

describe('encodeTerm', () => {
  it('round-trips any text, including characters outside the BMP', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), term => {
      expect(decodeTerm(encodeTerm(term))).toBe(term)
    }), { numRuns: 500 })
    expect(decodeTerm(encodeTerm('𠀀工会abc1.5'))).toBe('𠀀工会abc1.5')
  })

  it('keeps prefixes: the key of a prefix is a prefix of the key', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
      expect(encodeTerm(a + b).startsWith(encodeTerm(a))).toBe(true)
    }), { numRuns: 300 })
  })

  it('leaves ASCII terms as they are and spells other characters from small ranges', () => {
    expect(encodeTerm('long2023')).toBe('long2023')
    const key = encodeTerm('工会')
    expect(key).toHaveLength(6)
    for (const char of key) expect(char.charCodeAt(0)).toBeGreaterThanOrEqual(0x100)
  })
})
