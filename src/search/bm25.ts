/**
 * BM25+ as MiniSearch computes it, with the collection statistics of the whole index
 * (all segments), so a score never depends on how documents are split into segments.
 */
export const BM25 = {
  /** Term frequency saturation. */
  k: 1.2,
  /** Length normalization. */
  b: 0.7,
  /** The floor a matching term always adds (the "+" of BM25+). */
  d: 0.5,
} as const

/** Inverse document frequency of a term held by `matching` of `total` documents. */
export function inverseDocumentFrequency (matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5))
}

/** The BM25+ score of one term in one field of one document. */
export function bm25 (frequency: number, idf: number, fieldLength: number, averageFieldLength: number): number {
  const { k, b, d } = BM25
  return idf * (d + (frequency * (k + 1)) / (frequency + k * (1 - b + (b * fieldLength) / averageFieldLength)))
}
