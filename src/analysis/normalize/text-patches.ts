import { partitionPoint } from '../../collections/sorted.js'
import type { NormalizedText } from './normalized-text.js'

/**
 * One place where the normalized text differs from the original: the normalized units
 * `[start, end)` were written `original` (full-width `，` for `,`, `溫` for `温`, `A` for
 * `a`). An empty range is original text that normalization dropped.
 */
export interface TextPatch {
  start: number
  end: number
  original: string
}

/**
 * The patches that turn a normalized text back into its original. The index stores the
 * normalized text once, plus these (a few per sentence of Chinese, mostly full-width
 * punctuation), instead of both texts.
 */
export function diffNormalized (normalized: NormalizedText): TextPatch[] {
  const { original, text, starts, ends } = normalized
  const patches: TextPatch[] = []
  // Patches that touch are one patch (LONG, not L, O, N, G).
  const push = (patch: TextPatch): void => {
    const last = patches[patches.length - 1]
    if (last !== undefined && last.end === patch.start) {
      last.end = patch.end
      last.original += patch.original
    } else {
      patches.push(patch)
    }
  }
  let originalAt = 0
  let i = 0
  while (i < text.length) {
    const start = starts[i]!
    const end = ends[i]!
    if (start > originalAt) push({ start: i, end: i, original: original.slice(originalAt, start) })
    originalAt = Math.max(originalAt, start)
    const alone = i + 1 >= text.length || starts[i + 1]! >= end
    if (end - start === 1 && alone && original.charCodeAt(start) === text.charCodeAt(i)) {
      originalAt = end
      i++
      continue
    }
    // Units that share original characters form one patch (ﬁ → f i, 溫 → 温).
    let j = i + 1
    let groupEnd = end
    while (j < text.length && starts[j]! < groupEnd) groupEnd = Math.max(groupEnd, ends[j++]!)
    push({ start: i, end: j, original: original.slice(start, groupEnd) })
    originalAt = groupEnd
    i = j
  }
  if (originalAt < original.length) push({ start: text.length, end: text.length, original: original.slice(originalAt) })
  return patches
}

/**
 * `normalized.slice(from, to)` with its original text and the map between them, rebuilt
 * from the patches that fall in the range (sorted by start, positions relative to
 * `normalized`): the cost depends on the range, not on the whole text.
 * A range that cuts through a patch is widened to the patch.
 */
export function restoreRange (normalized: string, patches: readonly TextPatch[], from: number, to: number): { from: number, to: number, text: NormalizedText } {
  const first = firstEndingAfter(patches, from)
  if (first < patches.length && patches[first]!.start < from) from = patches[first]!.start
  const last = firstEndingAfter(patches, to)
  if (last < patches.length && patches[last]!.start < to) to = patches[last]!.end
  const inside: TextPatch[] = []
  for (let i = firstEndingAfter(patches, from - 1); i < patches.length && patches[i]!.start <= to; i++) {
    const patch = patches[i]!
    if (patch.start >= from && patch.end <= to && !(patch.start === patch.end && (patch.start === from && from !== 0))) inside.push(patch)
  }
  const pieces: string[] = []
  const starts = new Int32Array(to - from)
  const ends = new Int32Array(to - from)
  let originalLength = 0
  let at = from
  const copy = (until: number): void => {
    for (let i = at; i < until; i++) {
      starts[i - from] = originalLength + (i - at)
      ends[i - from] = originalLength + (i - at) + 1
    }
    pieces.push(normalized.slice(at, until))
    originalLength += until - at
    at = until
  }
  for (const patch of inside) {
    copy(patch.start)
    // A patch as long as its original (case, width, traditional forms: nearly all) maps
    // unit to unit; one that changed the length maps every unit to all of it.
    const oneToOne = patch.end - patch.start === patch.original.length
    for (let i = patch.start; i < patch.end; i++) {
      starts[i - from] = oneToOne ? originalLength + (i - patch.start) : originalLength
      ends[i - from] = oneToOne ? originalLength + (i - patch.start) + 1 : originalLength + patch.original.length
    }
    pieces.push(patch.original)
    originalLength += patch.original.length
    at = patch.end
  }
  copy(to)
  return { from, to, text: { original: pieces.join(''), text: normalized.slice(from, to), starts, ends } }
}

/** The whole original text: the normalized text with every patch applied. */
export function restoreOriginal (normalized: string, patches: readonly TextPatch[]): string {
  if (patches.length === 0) return normalized
  return restoreRange(normalized, patches, 0, normalized.length).text.original
}

/**
 * The first patch that ends after `position` (patches are sorted and do not overlap, so
 * their ends ascend): a binary search, so a range is restored without reading every patch.
 */
function firstEndingAfter (patches: readonly TextPatch[], position: number): number {
  return partitionPoint(patches.length, i => patches[i]!.end <= position)
}
