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

/** `base`'s documents, each with `extra`'s score added where `extra` has it. */
export function addScores (base: DocScores, extra: DocScores): DocScores {
  const scores = Float64Array.from(base.scores)
  let j = 0
  for (let i = 0; i < base.docs.length; i++) {
    const doc = base.docs[i]!
    while (j < extra.docs.length && extra.docs[j]! < doc) j++
    if (j < extra.docs.length && extra.docs[j] === doc) scores[i]! += extra.scores[j]!
  }
  return { docs: base.docs, scores }
}

/** The documents of either; where both have one, the higher score. */
export function unionMax (a: DocScores, b: DocScores): DocScores {
  return mergeUnion(a, b, (x, y) => Math.max(x, y), x => x, y => y)
}

/**
 * The documents of either, every one of `first` ranked above every one found only in
 * `second` (each group keeps its own order): what was typed above what it stands for.
 */
export function rankAbove (first: DocScores, second: DocScores): DocScores {
  if (second.docs.length === 0) return first
  let secondOnlyBest = 0
  for (let j = 0; j < second.docs.length; j++) {
    if (!containsDoc(first.docs, second.docs[j]!)) secondOnlyBest = Math.max(secondOnlyBest, second.scores[j]!)
  }
  const lift = (x: number): number => x + secondOnlyBest
  return mergeUnion(first, second, lift, lift, y => y)
}

/**
 * The documents matching any of several clauses, those matching the most clauses first,
 * then by their summed scores: the best partial matches of a query nothing matches whole.
 */
export function unionByCoverage (lists: readonly DocScores[]): DocScores {
  const { docs, sums, counts } = sumByDoc(lists.map(scores => ({ scores, weight: 1, counted: true })))
  let best = 0
  for (const sum of sums) best = Math.max(best, sum)
  // Disjoint bands: a document in more clauses outranks any in fewer.
  return { docs, scores: sums.map((sum, i) => (counts[i]! - 1) * (best + 1) + sum) }
}

/** One list of sumByDoc: its scores count `weight` times, and its documents count in `counts` when `counted`. */
export interface WeightedScores {
  scores: DocScores
  weight: number
  counted: boolean
}

/**
 * Every document of the lists with its weighted scores summed (in the order of the lists,
 * so the sum is the same however the lists are stored) and the number of counted lists
 * that hold it: merges of sorted lists, one after another.
 */
export function sumByDoc (lists: readonly WeightedScores[]): { docs: Int32Array, sums: Float64Array, counts: Float64Array } {
  let sums = NO_DOCS
  let counts = NO_DOCS
  for (const { scores, weight, counted } of lists) {
    const add = counted ? 1 : 0
    sums = mergeUnion(sums, scores, (sum, score) => sum + score * weight, sum => sum, score => score * weight)
    counts = mergeUnion(counts, scores, count => count + add, count => count, () => add)
  }
  return { docs: sums.docs, sums: sums.scores, counts: counts.scores }
}

function mergeUnion (a: DocScores, b: DocScores, both: (x: number, y: number) => number, onlyA: (x: number) => number, onlyB: (y: number) => number): DocScores {
  const docs = new Int32Array(a.docs.length + b.docs.length)
  const scores = new Float64Array(docs.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.docs.length || j < b.docs.length) {
    const x = i < a.docs.length ? a.docs[i]! : Number.POSITIVE_INFINITY
    const y = j < b.docs.length ? b.docs[j]! : Number.POSITIVE_INFINITY
    if (x === y) {
      docs[n] = x
      scores[n++] = both(a.scores[i++]!, b.scores[j++]!)
    } else if (x < y) {
      docs[n] = x
      scores[n++] = onlyA(a.scores[i++]!)
    } else {
      docs[n] = y
      scores[n++] = onlyB(b.scores[j++]!)
    }
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) }
}
