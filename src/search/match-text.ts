import { queryGramKeys } from '../analysis/analyzer.js'
import { splitScriptRuns } from '../analysis/segment/script-runs.js'
import type { SegmentedIndex } from '../indexing/segmented-index.js'
import { FIELD_COUNT } from '../indexing/segment/segment-data.js'
import { containsDoc } from './doc-scores.js'
import { BUDGET_CHECK_INTERVAL, type QueryBudget, UNLIMITED_BUDGET } from './query-budget.js'

/** Every field. */
export const ALL_FIELDS = (1 << FIELD_COUNT) - 1

/**
 * The live documents whose normalized text contains `text` in one of `fieldMask`'s
 * fields: grep's answer, from the character index. The postings of the text's grams
 * (its characters, or its character pairs) are intersected, rarest first, and each
 * candidate is confirmed against the stored text, unless the grams alone prove it (one
 * or two characters searched in every field) or `known` already does (documents that
 * hold the text as a word, ascending global numbers). When the budget runs out, returns
 * what it has confirmed so far.
 */
export function matchText (index: SegmentedIndex, text: string, fieldMask: number, known?: Int32Array, budget: QueryBudget = UNLIMITED_BUDGET): Int32Array {
  const keys = queryGramKeys(text)
  if (keys.length === 0) return new Int32Array(0)
  const exact = fieldMask === ALL_FIELDS && isOneGram(text)
  const found: number[] = []
  for (const entry of index.segments) {
    if (budget.spent()) break
    const { segment } = entry
    const ranks = keys.map(key => segment.findGram(key))
    if (ranks.some(rank => rank < 0)) continue
    ranks.sort((a, b) => segment.gramDocs(a) - segment.gramDocs(b))
    let candidates = segment.decodeGram(ranks[0]!)
    // Stopping the intersection early leaves more candidates, each still confirmed below.
    for (let i = 1; i < ranks.length && candidates.length > 0 && !budget.spent(); i++) candidates = intersectSorted(candidates, segment.decodeGram(ranks[i]!))
    for (let c = 0; c < candidates.length; c++) {
      const doc = candidates[c]!
      if (c % BUDGET_CHECK_INTERVAL === BUDGET_CHECK_INTERVAL - 1 && budget.spent()) break
      if (entry.deleted?.[doc] === 1) continue
      const global = entry.base + doc
      if (exact || (known !== undefined && containsDoc(known, global)) || contains(segment, doc, text, fieldMask)) found.push(global)
    }
  }
  return Int32Array.from(found)
}

function contains (segment: SegmentedIndex['segments'][number]['segment'], doc: number, text: string, fieldMask: number): boolean {
  if (fieldMask === ALL_FIELDS) return segment.documentText(doc).includes(text)
  for (let f = 0; f < FIELD_COUNT; f++) {
    if ((fieldMask & (1 << f)) !== 0 && segment.fieldText(doc, f).includes(text)) return true
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
