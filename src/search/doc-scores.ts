/**
 * A set of documents (global numbers, ascending) with a score each: what every step of
 * a query returns. Two typed arrays, no object per document.
 */
export interface DocScores {
  docs: Int32Array
  scores: Float64Array
}

export const NO_DOCS: DocScores = { docs: new Int32Array(0), scores: new Float64Array(0) }

/** The documents in both, scores added. */
export function intersectScores (a: DocScores, b: DocScores): DocScores {
  const docs = new Int32Array(Math.min(a.docs.length, b.docs.length))
  const scores = new Float64Array(docs.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.docs.length && j < b.docs.length) {
    const x = a.docs[i]!
    const y = b.docs[j]!
    if (x < y) i++
    else if (x > y) j++
    else {
      docs[n] = x
      scores[n++] = a.scores[i++]! + b.scores[j++]!
    }
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) }
}

/** The documents of `a` not in `remove` (ascending document numbers). */
export function subtractDocs (a: DocScores, remove: Int32Array): DocScores {
  const docs = new Int32Array(a.docs.length)
  const scores = new Float64Array(a.docs.length)
  let j = 0
  let n = 0
  for (let i = 0; i < a.docs.length; i++) {
    const doc = a.docs[i]!
    while (j < remove.length && remove[j]! < doc) j++
    if (j < remove.length && remove[j] === doc) continue
    docs[n] = doc
    scores[n++] = a.scores[i]!
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) }
}

/** True when `doc` is in the ascending array `docs`. */
export function containsDoc (docs: Int32Array, doc: number): boolean {
  let low = 0
  let high = docs.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const value = docs[middle]!
    if (value === doc) return true
    if (value < doc) low = middle + 1
    else high = middle - 1
  }
  return false
}
