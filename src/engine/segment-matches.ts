/**
 * The matching primitives over the segments of one index state: the documents of a text
 * (grep's answer, from the character index) and a word's postings (its documents, with
 * its frequency per field where it is a word, and the field lengths BM25 reads).
 */
import { queryGramKeys } from '../analysis/analyzer.js'
import { splitScriptRuns } from '../analysis/segment/script-runs.js'
import type { IndexSegment, IndexState } from '../indexing/segmented-index.js'
import type { Segment, WordPostingBuffers } from '../indexing/segment/segment.js'
import { ALL_FIELDS, type FieldMask, type TermPostings } from '../search/postings.js'
import { BUDGET_CHECK_INTERVAL, type QueryBudget } from '../search/query-budget.js'
import { FIELD_COUNT } from '../types.js'

/**
 * The live documents whose normalized text contains `text` in one of `mask`'s fields:
 * grep's answer. Per segment, the postings of the text's grams (its characters, or its
 * character pairs) are intersected, rarest first, and each candidate is confirmed against
 * the stored text, unless the grams alone prove it (one or two characters searched in
 * every field). When the budget runs out, what was confirmed so far.
 */
export function textDocuments (state: IndexState, text: string, mask: FieldMask, budget: QueryBudget): Int32Array {
  const keys = queryGramKeys(text)
  const found: number[] = []
  if (keys.length === 0) return new Int32Array(0)
  const exact = mask === ALL_FIELDS && isOneGram(text)
  for (const entry of state.segments) {
    if (budget.spent()) break
    const candidates = gramCandidates(entry.segment, keys, budget)
    for (let c = 0; c < candidates.length; c++) {
      const doc = candidates[c]!
      if (c % BUDGET_CHECK_INTERVAL === BUDGET_CHECK_INTERVAL - 1 && budget.spent()) break
      if (entry.deleted?.[doc] === 1) continue
      if (exact || contains(entry.segment, doc, text, mask)) found.push(entry.base + doc)
    }
  }
  return Int32Array.from(found)
}

/**
 * A word's postings in `mask`'s fields: the documents that contain its characters (as
 * textDocuments finds them; those holding it as a word need no confirming), each with
 * its frequency and the field's length in every masked field where it is a word.
 */
export function termPostings (state: IndexState, word: string, mask: FieldMask, budget: QueryBudget): TermPostings {
  const keys = queryGramKeys(word)
  const parts: TermPostings[] = []
  if (keys.length === 0) return joinPostings(parts)
  const exact = mask === ALL_FIELDS && isOneGram(word)
  for (const entry of state.segments) {
    if (budget.spent()) break
    const candidates = gramCandidates(entry.segment, keys, budget)
    if (candidates.length > 0) parts.push(segmentPostings(entry, candidates, word, mask, exact, budget))
  }
  return joinPostings(parts)
}

/** One segment's share of a word's postings, from its gram candidates. */
function segmentPostings (entry: IndexSegment, candidates: Int32Array, word: string, mask: FieldMask, exact: boolean, budget: QueryBudget): TermPostings {
  const { segment, deleted, base } = entry
  const asWord = wordPostings(segment, word)
  const docs = new Int32Array(candidates.length)
  const frequencies = new Uint32Array(candidates.length * FIELD_COUNT)
  const lengths = new Uint32Array(candidates.length * FIELD_COUNT)
  let n = 0
  let j = 0
  for (let c = 0; c < candidates.length; c++) {
    const doc = candidates[c]!
    if (c % BUDGET_CHECK_INTERVAL === BUDGET_CHECK_INTERVAL - 1 && budget.spent()) break
    if (deleted?.[doc] === 1) continue
    while (j < asWord.count && asWord.docs[j]! < doc) j++
    const fields = j < asWord.count && asWord.docs[j] === doc ? asWord.masks[j]! & mask : 0
    if (fields === 0 && !exact && !contains(segment, doc, word, mask)) continue
    docs[n] = base + doc
    // Lengths only where the word is a word: BM25 reads no other (the contract allows it).
    for (let f = 0; fields !== 0 && f < FIELD_COUNT; f++) {
      if ((fields & (1 << f)) === 0) continue
      frequencies[n * FIELD_COUNT + f] = asWord.frequencies[j * FIELD_COUNT + f]!
      lengths[n * FIELD_COUNT + f] = segment.fieldLength(doc, f)
    }
    n++
  }
  return { docs: docs.subarray(0, n), frequencies: frequencies.subarray(0, n * FIELD_COUNT), lengths: lengths.subarray(0, n * FIELD_COUNT) }
}

/** A segment's postings of a word, decoded (none when it does not hold the word). */
function wordPostings (segment: Segment, word: string): WordPostingBuffers & { count: number } {
  const rank = segment.findTerm(word)
  const count = rank < 0 ? 0 : segment.termDocs(rank)
  const buffers = { docs: new Int32Array(count), masks: new Uint8Array(count), frequencies: new Uint32Array(count * FIELD_COUNT), count }
  if (count > 0) segment.decodeWordPostings(rank, buffers, 0)
  return buffers
}

/** Postings of consecutive segments as one (documents ascending across segments). */
function joinPostings (parts: readonly TermPostings[]): TermPostings {
  if (parts.length === 1) return parts[0]!
  const total = parts.reduce((sum, part) => sum + part.docs.length, 0)
  const joined: TermPostings = { docs: new Int32Array(total), frequencies: new Uint32Array(total * FIELD_COUNT), lengths: new Uint32Array(total * FIELD_COUNT) }
  let at = 0
  for (const part of parts) {
    joined.docs.set(part.docs, at)
    joined.frequencies.set(part.frequencies, at * FIELD_COUNT)
    joined.lengths.set(part.lengths, at * FIELD_COUNT)
    at += part.docs.length
  }
  return joined
}

/** The documents of a segment holding every gram (ascending); none when a gram is missing. */
function gramCandidates (segment: Segment, keys: readonly number[], budget: QueryBudget): Int32Array {
  const ranks = keys.map(key => segment.findGram(key))
  if (ranks.some(rank => rank < 0)) return new Int32Array(0)
  ranks.sort((a, b) => segment.gramDocs(a) - segment.gramDocs(b))
  let candidates = segment.decodeGram(ranks[0]!)
  // Stopping the intersection early leaves more candidates, each still confirmed.
  for (let i = 1; i < ranks.length && candidates.length > 0 && !budget.spent(); i++) candidates = intersectSorted(candidates, segment.decodeGram(ranks[i]!))
  return candidates
}

function contains (segment: Segment, doc: number, text: string, mask: FieldMask): boolean {
  if (mask === ALL_FIELDS) return segment.documentText(doc).includes(text)
  for (let f = 0; f < FIELD_COUNT; f++) {
    if ((mask & (1 << f)) !== 0 && segment.fieldText(doc, f).includes(text)) return true
  }
  return false
}

/** True when the text is one run of one or two characters: its gram's postings are exactly the documents holding it. */
function isOneGram (text: string): boolean {
  const runs = splitScriptRuns(text)
  return runs.length === 1 && runs[0]!.text === text && [...text].length <= 2
}

function intersectSorted (a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length))
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++
    else if (a[i]! > b[j]!) j++
    else {
      out[n++] = a[i]!
      i++
      j++
    }
  }
  return out.subarray(0, n)
}
