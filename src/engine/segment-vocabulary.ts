/**
 * What the word dictionaries and the character index of one index state say about words
 * and character pairs: how many live documents use them. A segment's counts were taken
 * when it was written; where documents were deleted from it since, its postings are
 * decoded and only the live documents counted, so suggestions, pinyin and the rerank
 * read the same numbers as a fresh build of the same articles (or a cluster) would.
 */
import { GRAM_KEY_BASE } from '../analysis/analyzer.js'
import type { PinyinKind } from '../analysis/pinyin/pinyin-letters.js'
import type { IndexSegment, IndexState } from '../indexing/segmented-index.js'
import { WHOLE_WORD_BIT } from '../indexing/segment/segment-data.js'
import type { WordUses } from '../search/postings.js'
import { FIELD_COUNT } from '../types.js'

/** The words that start with a normalized prefix (not the prefix itself), with their live uses summed over the segments. */
export function wordsWithPrefix (state: IndexState, prefix: string): Map<string, WordUses> {
  const words = new Map<string, WordUses>()
  for (const entry of state.segments) {
    const [from, to] = entry.segment.termsWithPrefix(prefix)
    for (let rank = from; rank < to; rank++) {
      const word = entry.segment.term(rank)
      if (word !== prefix) addUses(words, word, liveUses(entry, rank))
    }
  }
  return words
}

/** The words of a pinyin table whose key is `letters` (or starts with them), with their live uses summed over the segments. */
export function spelledWords (state: IndexState, kind: PinyinKind, letters: string, prefix: boolean): Map<string, WordUses> {
  const words = new Map<string, WordUses>()
  for (const entry of state.segments) {
    const [from, to] = entry.segment.pinyinRange(kind, letters, prefix)
    for (let at = from; at < to; at++) {
      const rank = entry.segment.pinyinTerm(kind, at)
      addUses(words, entry.segment.term(rank), liveUses(entry, rank))
    }
  }
  return words
}

/** Live documents holding a pair of characters (in any field). */
export function pairDocuments (state: IndexState, pair: string): number {
  const [first, second] = [...pair].map(char => char.codePointAt(0)!)
  const key = first! * GRAM_KEY_BASE + second!
  let docs = 0
  for (const entry of state.segments) {
    const rank = entry.segment.findGram(key)
    if (rank < 0) continue
    if (entry.live === entry.segment.docCount) {
      docs += entry.segment.gramDocs(rank)
      continue
    }
    for (const doc of entry.segment.decodeGram(rank)) if (entry.deleted?.[doc] !== 1) docs++
  }
  return docs
}

function addUses (words: Map<string, WordUses>, word: string, uses: WordUses): void {
  const known = words.get(word)
  if (known === undefined) words.set(word, uses)
  else {
    known.whole += uses.whole
    known.all += uses.all
  }
}

/** How many live documents of a segment hold word `rank`: as a whole word, and at all. */
function liveUses ({ segment, deleted, live }: IndexSegment, rank: number): WordUses {
  if (live === segment.docCount) return { whole: segment.termWholeDocs(rank), all: segment.termDocs(rank) }
  const count = segment.termDocs(rank)
  const buffers = { docs: new Int32Array(count), masks: new Uint8Array(count), frequencies: new Uint32Array(count * FIELD_COUNT) }
  segment.decodeWordPostings(rank, buffers, 0)
  const uses = { whole: 0, all: 0 }
  for (let i = 0; i < count; i++) {
    if (deleted?.[buffers.docs[i]!] === 1) continue
    uses.all++
    if ((buffers.masks[i]! & WHOLE_WORD_BIT) !== 0) uses.whole++
  }
  return uses
}
