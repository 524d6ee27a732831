import { grow } from '../../collections/grow.js'

/**
 * Text after normalization, with a map from every UTF-16 unit of the normalized text
 * back to the span of the original text it came from. This is what lets a highlight
 * found in normalized text (simplified, half-width, lowercase) land on the original
 * characters (traditional, full-width, uppercase).
 */
export interface NormalizedText {
  /** The original text. */
  readonly original: string
  /** The normalized text. */
  readonly text: string
  /** `starts[i]`: start in `original` of the span that produced `text[i]`. */
  readonly starts: Int32Array
  /** `ends[i]`: end (exclusive) in `original` of the span that produced `text[i]`. */
  readonly ends: Int32Array
}

/** The original span `[start, end)` that produced `normalized.text.slice(from, to)`. */
export function toOriginalSpan (normalized: NormalizedText, from: number, to: number): [number, number] {
  if (to <= from) {
    const at = from < normalized.text.length ? normalized.starts[from]! : normalized.original.length
    return [at, at]
  }
  return [normalized.starts[from]!, normalized.ends[to - 1]!]
}

/** Identity normalization: every unit maps to itself. */
export function identityNormalized (text: string): NormalizedText {
  const starts = new Int32Array(text.length)
  const ends = new Int32Array(text.length)
  for (let i = 0; i < text.length; i++) {
    starts[i] = i
    ends[i] = i + 1
  }
  return { original: text, text, starts, ends }
}

/**
 * Builds a NormalizedText piece by piece: each call to `push` appends the normalized
 * form of one original span.
 */
export class NormalizedTextBuilder {
  private readonly parts: string[] = []
  private starts: Int32Array
  private ends: Int32Array
  private length = 0

  constructor (private readonly original: string) {
    this.starts = new Int32Array(Math.max(16, original.length))
    this.ends = new Int32Array(Math.max(16, original.length))
  }

  /** Appends `piece`, which normalizes `original.slice(start, end)`. */
  push (piece: string, start: number, end: number): void {
    if (piece.length === 0) return
    this.reserve(piece.length)
    for (let i = 0; i < piece.length; i++) {
      this.starts[this.length + i] = start
      this.ends[this.length + i] = end
    }
    this.length += piece.length
    this.parts.push(piece)
  }

  /** Appends `original.slice(from, to)` unchanged, each unit mapping to itself. */
  pushOriginal (from: number, to: number): void {
    if (to <= from) return
    const count = to - from
    this.reserve(count)
    for (let i = 0; i < count; i++) {
      this.starts[this.length + i] = from + i
      this.ends[this.length + i] = from + i + 1
    }
    this.length += count
    this.parts.push(this.original.slice(from, to))
  }

  build (): NormalizedText {
    return {
      original: this.original,
      text: this.parts.join(''),
      starts: this.starts.slice(0, this.length),
      ends: this.ends.slice(0, this.length),
    }
  }

  private reserve (extra: number): void {
    this.starts = grow(this.starts, this.length + extra)
    this.ends = grow(this.ends, this.length + extra)
  }
}

/**
 * Chains a second normalization onto a first: `second` normalized `first.text`;
 * the result maps `second.text` back to `first.original`.
 */
export function composeNormalized (first: NormalizedText, second: NormalizedText): NormalizedText {
  if (second.text === second.original && second.starts.length === first.text.length) {
    return { ...first, text: second.text }
  }
  const n = second.text.length
  const starts = new Int32Array(n)
  const ends = new Int32Array(n)
  const lastOfFirst = first.text.length
  for (let i = 0; i < n; i++) {
    const s = second.starts[i]!
    const e = second.ends[i]!
    starts[i] = s < lastOfFirst ? first.starts[s]! : first.original.length
    ends[i] = e > 0 ? first.ends[e - 1]! : starts[i]!
  }
  return { original: first.original, text: second.text, starts, ends }
}
