import type { DocScores } from './doc-scores.js'

/** One matching document with its score (a document number of one search). */
export interface RankedMatch {
  doc: number
  score: number
}

/**
 * The matches at ranks `[offset, offset + limit)`: by score, best first; equal scores in
 * corpus order (`compare`: file, then position in the file, then id), so a page is the
 * same on every run, on every backend, and however the articles were split into segments.
 */
export function topMatches (matches: DocScores, offset: number, limit: number, compare: (a: number, b: number) => number): RankedMatch[] {
  return topPositions(matches, offset + limit, compare).slice(offset).map(i => ({ doc: matches.docs[i]!, score: matches.scores[i]! }))
}

/**
 * The positions in `matches` of its `wanted` best (by score, equal scores in corpus order),
 * best first. Only those are ordered (a bounded heap), not every match.
 */
export function topPositions (matches: DocScores, wanted: number, compare: (a: number, b: number) => number): number[] {
  wanted = Math.min(wanted, matches.docs.length)
  if (wanted <= 0) return []
  const before = (a: number, b: number): boolean => {
    const x = matches.scores[a]!
    const y = matches.scores[b]!
    if (x !== y) return x > y
    return compare(matches.docs[a]!, matches.docs[b]!) < 0
  }
  // A heap of the best `wanted` so far, its worst match at the top.
  const heap: number[] = []
  const worse = (i: number, j: number): boolean => before(heap[j]!, heap[i]!)
  const siftUp = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!worse(i, parent)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }
  const siftDown = (i: number): void => {
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let top = i
      if (left < heap.length && worse(left, top)) top = left
      if (right < heap.length && worse(right, top)) top = right
      if (top === i) return
      ;[heap[i], heap[top]] = [heap[top]!, heap[i]!]
      i = top
    }
  }
  for (let i = 0; i < matches.docs.length; i++) {
    if (heap.length < wanted) {
      heap.push(i)
      siftUp(heap.length - 1)
    } else if (before(i, heap[0]!)) {
      heap[0] = i
      siftDown(0)
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
}
