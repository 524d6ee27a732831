import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nthSmallest } from '../../src/analysis/segment/jieba-dictionary.js'

/* The median of Jieba's frequencies is found by selection, not by sorting them: the same value. */
describe('nthSmallest', () => {
  it('gives what sorting would put at each index, repeated values included', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 })), { minLength: 1, maxLength: 300 }), fc.nat(), (numbers, at) => {
      const n = at % numbers.length
      const sorted = Float64Array.from(numbers).sort()
      // == : -0 and 0 are the same number here.
      expect(nthSmallest(Float64Array.from(numbers), n) === sorted[n]).toBe(true)
    }), { numRuns: 2000 })
  })
})
