import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type DocScores, sumByDoc } from '../../src/search/doc-scores.js'
import { topPositions } from '../../src/search/rank.js'

/*
 * The merges a search runs over every match: the union of several words' or clauses'
 * scores (sumByDoc) and the best N of a list (topPositions, the rerank's depth and a page).
 * Both are checked against the plain way (a map of documents; a sort of every position),
 * whose answers, to the last bit of every score, they must give.
 */
const sortedDocs = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }).map(docs => Int32Array.from(docs).sort())
const scoresOf = (docs: Int32Array): fc.Arbitrary<DocScores> => fc.array(fc.double({ noNaN: true, min: 0, max: 100 }), { minLength: docs.length, maxLength: docs.length }).map(values => ({ docs, scores: Float64Array.from(values) }))
const docScores = sortedDocs.chain(scoresOf)

describe('sumByDoc', () => {
  it('gives each document the sum of its weighted scores in list order, and the counted lists holding it', () => {
    const list = fc.record({ scores: docScores, weight: fc.constantFrom(1, 0.1, 0.35), counted: fc.boolean() })
    fc.assert(fc.property(fc.array(list, { maxLength: 6 }), lists => {
      const plain = new Map<number, { sum: number, count: number }>()
      for (const { scores, weight, counted } of lists) {
        scores.docs.forEach((doc, i) => {
          const entry = plain.get(doc)
          if (entry === undefined) plain.set(doc, { sum: scores.scores[i]! * weight, count: counted ? 1 : 0 })
          else {
            entry.sum += scores.scores[i]! * weight
            if (counted) entry.count++
          }
        })
      }
      const merged = sumByDoc(lists)
      const docs = [...plain.keys()].sort((a, b) => a - b)
      expect([...merged.docs]).toEqual(docs)
      expect([...merged.sums]).toEqual(docs.map(doc => plain.get(doc)!.sum))
      expect([...merged.counts]).toEqual(docs.map(doc => plain.get(doc)!.count))
    }), { numRuns: 1000 })
  })
})

describe('topPositions', () => {
  it('gives the first N positions of a sort by score, ties in corpus order', () => {
    // Few distinct scores, so that ties are common; corpus order here is descending document numbers.
    const tied = sortedDocs.chain(docs => fc.array(fc.constantFrom(0, 1, 2.5, 7), { minLength: docs.length, maxLength: docs.length }).map(values => ({ docs, scores: Float64Array.from(values) })))
    const compare = (a: number, b: number): number => b - a
    fc.assert(fc.property(tied, fc.integer({ min: 0, max: 50 }), (matches, wanted) => {
      const sorted = Array.from(matches.scores.keys()).sort((a, b) => matches.scores[b]! - matches.scores[a]! || compare(matches.docs[a]!, matches.docs[b]!))
      expect(topPositions(matches, wanted, compare)).toEqual(sorted.slice(0, wanted))
    }), { numRuns: 1000 })
  })
})
