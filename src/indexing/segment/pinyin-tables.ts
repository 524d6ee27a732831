import { type WordPinyin, wordPinyin } from '../../analysis/pinyin/word-pinyin.js'
import type { PinyinKind, SegmentData } from './segment-data.js'
import type { Segment } from './segment.js'

/** A segment's pinyin tables and its whole string, their keys appended to it. */
export type PinyinTables = Pick<SegmentData, 'text' | 'pinyinStarts' | 'pinyinTerms' | 'initialsStarts' | 'initialsTerms'>

/** A key of a pinyin table and the term rank it spells. */
type PinyinEntry = [key: string, rank: number]

/**
 * The pinyin tables of a segment's word dictionary (given as its string and term starts),
 * their keys appended to the string: an entry for every term that has pinyin (a word of
 * Han characters: see wordPinyin), under its full pinyin, and under its initials when it
 * has two characters or more. Words seen only inside longer words are in too (青年 of
 * 青年干部): readers type them, and the search finds them inside the longer words;
 * suggestions leave them out by their whole-word counts. Computing pinyin is the cost
 * (with the sort, about 0.4 s for the 43,000 words of 3,000 news articles), so `pinyinOf`
 * can give what is already known: a merge passes the pinyin of the segments it merges.
 */
export function appendPinyinTables (
  { text, termStarts }: Pick<SegmentData, 'text' | 'termStarts'>,
  pinyinOf: (term: string) => WordPinyin | undefined = wordPinyin,
): PinyinTables {
  const full: PinyinEntry[] = []
  const initials: PinyinEntry[] = []
  for (let rank = 0; rank < termStarts.length - 1; rank++) {
    const pinyin = pinyinOf(text.slice(termStarts[rank]!, termStarts[rank + 1]!))
    if (pinyin === undefined) continue
    full.push([pinyin.full, rank])
    if (pinyin.initials !== undefined) initials.push([pinyin.initials, rank])
  }
  const keys: string[] = []
  let length = text.length
  const table = (entries: PinyinEntry[]): { starts: Uint32Array, terms: Uint32Array } => {
    // A stable sort: entries with the same key stay in rank order.
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const starts = new Uint32Array(entries.length + 1)
    const terms = new Uint32Array(entries.length)
    entries.forEach(([key, rank], i) => {
      starts[i] = length
      terms[i] = rank
      keys.push(key)
      length += key.length
    })
    starts[entries.length] = length
    return { starts, terms }
  }
  const fullTable = table(full)
  const initialsTable = table(initials)
  return {
    text: text + keys.join(''),
    pinyinStarts: fullTable.starts,
    pinyinTerms: fullTable.terms,
    initialsStarts: initialsTable.starts,
    initialsTerms: initialsTable.terms,
  }
}

/** The pinyin that segments already hold, by word: what a merge of them reuses. */
export function pinyinOfSegments (segments: readonly Segment[]): Map<string, WordPinyin> {
  const known = new Map<string, WordPinyin>()
  for (const kind of ['full', 'initials'] as const satisfies readonly PinyinKind[]) {
    for (const segment of segments) {
      for (let entry = 0; entry < segment.pinyinCount(kind); entry++) {
        const word = segment.term(segment.pinyinTerm(kind, entry))
        const key = segment.pinyinKey(kind, entry)
        // Every word with initials has full pinyin, read in the first pass.
        if (kind === 'full') known.set(word, { full: key })
        else known.get(word)!.initials = key
      }
    }
  }
  return known
}
