/**
 * grep's answers, handed from the scan child to the others, and recall against them.
 */
import type { BenchQuery, Recall } from './types.js'

/**
 * grep's answers as one Uint32Array: [query count, offsets (count + 1)…, article ordinals…],
 * the ordinals of query q at [offsets[q], offsets[q + 1]). Millions of ids stay compact.
 */
export function encodeTruth (answers: readonly (readonly number[])[]): Buffer {
  const total = answers.reduce((sum, list) => sum + list.length, 0)
  const out = new Uint32Array(1 + answers.length + 1 + total)
  out[0] = answers.length
  let at = 2 + answers.length
  answers.forEach((list, q) => {
    out[1 + q] = at
    for (const ordinal of list) out[at++] = ordinal
  })
  out[1 + answers.length] = at
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength)
}

export function decodeTruth (buffer: Buffer): Uint32Array[] {
  const all = new Uint32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength))
  const count = all[0]!
  return Array.from({ length: count }, (_, q) => all.subarray(all[1 + q]!, all[2 + q]!))
}

/** Recall of the engine's answers (`found`, article ordinals per query) against grep's (`truth`). */
export function recallOf (queries: readonly BenchQuery[], truth: readonly Uint32Array[], found: readonly Set<number>[]): Recall {
  const recall: Recall = { expected: 0, found: 0, queries: 0, complete: 0, extra: 0, byKind: {} }
  queries.forEach((query, q) => {
    const expected = truth[q]!
    let hits = 0
    for (const ordinal of expected) if (found[q]!.has(ordinal)) hits++
    const kind = (recall.byKind[query.kind] ??= { expected: 0, found: 0, extra: 0 })
    kind.extra += found[q]!.size - hits
    recall.extra += found[q]!.size - hits
    if (expected.length === 0) return
    kind.expected += expected.length
    kind.found += hits
    recall.expected += expected.length
    recall.found += hits
    recall.queries++
    if (hits === expected.length) recall.complete++
  })
  return recall
}
