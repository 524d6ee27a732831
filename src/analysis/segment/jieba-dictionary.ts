/*
 * Jieba's dictionary file (`word frequency tag` lines, UTF-8) read as bytes: what one scan
 * of it finds (its constants, and the runs of lines whose first characters are in order),
 * and the words a character starts, found by binary search inside those runs instead of a
 * scan. A process that cuts one query reads the file and finds its few characters' words
 * in a millisecond; the scan (a tenth of a second) is kept as a summary
 * (jieba-dictionary-summary.ts) for the file it was made from.
 */

/** What a scan of a dictionary file finds: enough to cut with it without scanning again. */
export interface DictionarySummary {
  /** The file's size and CRC-32: the summary holds for these bytes only. */
  bytes: number
  crc32: number
  /** Lines with a word and a frequency above 0 (the others are skipped, as cppjieba does). */
  entries: number
  frequencySum: number
  minFrequency: number
  /** The frequency a sort of every entry's would put in the middle (`Math.floor(entries / 2)`). */
  medianFrequency: number
  /** The longest word, in UTF-16 units. */
  maxWordLength: number
  /** Byte offsets where a run of lines in order of their first code point starts (the first is 0). */
  sortedRuns: number[]
}

const NEWLINE = 10
const SPACE = 32

/** The summary of a dictionary file, by one scan (the CRC-32 is the caller's: it needs Node's zlib). */
export function summarizeDictionary (bytes: Uint8Array, crc32: number): DictionarySummary {
  // A line with a frequency holds at least 4 bytes (`a 1\n`).
  const frequencies = new Float64Array((bytes.length >> 2) + 1)
  let entries = 0
  let frequencySum = 0
  let maxWordLength = 1
  const sortedRuns = [0]
  let previous = -1
  for (let lineStart = 0; lineStart < bytes.length;) {
    const lineEnd = lineEndAt(bytes, lineStart)
    const first = codePointAt(bytes, lineStart)
    if (first < previous) sortedRuns.push(lineStart)
    previous = first
    const entry = entryAt(bytes, lineStart, lineEnd)
    if (entry !== undefined) {
      frequencies[entries++] = entry.frequency
      frequencySum += entry.frequency
      maxWordLength = Math.max(maxWordLength, utf16Length(bytes, lineStart, entry.wordEnd))
    }
    lineStart = lineEnd + 1
  }
  const used = frequencies.subarray(0, entries)
  let minFrequency = Number.POSITIVE_INFINITY
  for (const value of used) if (value < minFrequency) minFrequency = value
  const medianFrequency = nthSmallest(used, Math.floor(entries / 2))
  return { bytes: bytes.length, crc32, entries, frequencySum, minFrequency, medianFrequency, maxWordLength, sortedRuns }
}

/**
 * Each entry whose word starts with `codePoint`, in the file's order (so where a word is
 * listed twice, the last visit is the entry cppjieba keeps): a binary search in each sorted run.
 */
export function forEachWordStarting (bytes: Uint8Array, sortedRuns: readonly number[], codePoint: number, visit: (wordStart: number, wordEnd: number, frequency: number) => void): void {
  for (let r = 0; r < sortedRuns.length; r++) {
    const end = sortedRuns[r + 1] ?? bytes.length
    for (let lineStart = firstLineFrom(bytes, sortedRuns[r]!, end, codePoint); lineStart < end && codePointAt(bytes, lineStart) === codePoint;) {
      const lineEnd = lineEndAt(bytes, lineStart)
      const entry = entryAt(bytes, lineStart, lineEnd)
      if (entry !== undefined) visit(lineStart, entry.wordEnd, entry.frequency)
      lineStart = lineEnd + 1
    }
  }
}

/** The first line of the run [start, end) whose first code point is at least `codePoint` (`end` when none). */
function firstLineFrom (bytes: Uint8Array, start: number, end: number, codePoint: number): number {
  // Invariant: lines starting before `low` come before the code point, lines from `high` on do not.
  let low = start
  let high = end
  while (low < high) {
    const probe = low + ((high - low) >> 1)
    let line = probe === low ? low : lineEndAt(bytes, probe - 1) + 1
    if (line >= high) line = low
    if (codePointAt(bytes, line) < codePoint) low = lineEndAt(bytes, line) + 1
    else high = line
  }
  return Math.min(low, end)
}

/** Where the line from `from` ends: its newline, or the end of the file. */
function lineEndAt (bytes: Uint8Array, from: number): number {
  const at = bytes.indexOf(NEWLINE, from)
  return at < 0 ? bytes.length : at
}

/** A line's word end and frequency, when it has a word and a frequency above 0 (as the dictionary's reader in jieba-model.ts). */
function entryAt (bytes: Uint8Array, lineStart: number, lineEnd: number): { wordEnd: number, frequency: number } | undefined {
  const wordEnd = bytes.indexOf(SPACE, lineStart)
  if (wordEnd <= lineStart || wordEnd >= lineEnd) return undefined
  let frequency = 0
  for (let i = wordEnd + 1; i < bytes.length; i++) {
    const digit = bytes[i]! - 48
    if (digit < 0 || digit > 9) break
    frequency = frequency * 10 + digit
  }
  return frequency > 0 ? { wordEnd, frequency } : undefined
}

/** The code point of the UTF-8 sequence at `at` (the newline's 10 for an empty line). */
function codePointAt (bytes: Uint8Array, at: number): number {
  const lead = bytes[at] ?? NEWLINE
  if (lead < 0xc0) return lead
  if (lead < 0xe0) return ((lead & 0x1f) << 6) | (bytes[at + 1]! & 0x3f)
  if (lead < 0xf0) return ((lead & 0x0f) << 12) | ((bytes[at + 1]! & 0x3f) << 6) | (bytes[at + 2]! & 0x3f)
  return ((lead & 0x07) << 18) | ((bytes[at + 1]! & 0x3f) << 12) | ((bytes[at + 2]! & 0x3f) << 6) | (bytes[at + 3]! & 0x3f)
}

/** UTF-16 units of the UTF-8 bytes [from, to): one per sequence, two for one of four bytes. */
function utf16Length (bytes: Uint8Array, from: number, to: number): number {
  let units = 0
  for (let i = from; i < to; i++) {
    const byte = bytes[i]!
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1
  }
  return units
}

/** The value that sorting `values` would put at index `n` (Hoare's selection; reorders `values`). */
export function nthSmallest (values: Float64Array, n: number): number {
  let low = 0
  let high = values.length - 1
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!
    let i = low
    let j = high
    while (i <= j) {
      while (values[i]! < pivot) i++
      while (values[j]! > pivot) j--
      if (i <= j) {
        const swap = values[i]!
        values[i++] = values[j]!
        values[j--] = swap
      }
    }
    if (n <= j) high = j
    else if (n >= i) low = i
    else return values[n]!
  }
  return values[n]!
}
