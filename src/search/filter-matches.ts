import type { SegmentedIndex } from '../indexing/segmented-index.js'
import type { FacetCount, SearchRequest } from '../types.js'
import type { DocScores } from './doc-scores.js'

/** How many values of each facet a response lists. */
export const FACET_LIMIT = 20

/** Keeps the matches whose article passes the request's metadata filters. */
export function filterMatches (matches: DocScores, index: SegmentedIndex, request: Pick<SearchRequest, 'author' | 'source' | 'dateFrom' | 'dateTo'>): DocScores {
  const { author, source, dateFrom, dateTo } = request
  if (author === undefined && source === undefined && dateFrom === undefined && dateTo === undefined) return matches
  const docs = new Int32Array(matches.docs.length)
  const scores = new Float64Array(matches.docs.length)
  let n = 0
  for (let i = 0; i < matches.docs.length; i++) {
    const { segment, doc } = index.locate(matches.docs[i]!)
    const data = segment.segment.data
    if (author !== undefined) {
      let found = false
      for (let p = data.peopleStarts[doc]!; p < data.peopleStarts[doc + 1]! && !found; p++) found = data.values[data.peopleValues[p]!] === author
      if (!found) continue
    }
    if (source !== undefined) {
      const value = data.sourceValues[doc]!
      if (value < 0 || data.values[value] !== source) continue
    }
    if (dateFrom !== undefined || dateTo !== undefined) {
      const date = segment.segment.date(doc)
      if (date === '') continue
      if (dateFrom !== undefined && date < dateFrom) continue
      if (dateTo !== undefined && date.slice(0, dateTo.length) > dateTo) continue
    }
    docs[n] = matches.docs[i]!
    scores[n++] = matches.scores[i]!
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) }
}

/**
 * Counts authors and sources over all matches, most frequent first (then by value),
 * from the index's columns: no article is rebuilt for it.
 */
export function countFacets (matches: DocScores, index: SegmentedIndex): { authors: FacetCount[], sources: FacetCount[] } {
  const authors = new Map<string, number>()
  const sources = new Map<string, number>()
  for (const doc of matches.docs) {
    const address = index.locate(doc)
    const data = address.segment.segment.data
    for (let p = data.peopleStarts[address.doc]!; p < data.peopleStarts[address.doc + 1]!; p++) {
      const person = data.values[data.peopleValues[p]!]!
      authors.set(person, (authors.get(person) ?? 0) + 1)
    }
    const source = data.sourceValues[address.doc]!
    if (source >= 0) sources.set(data.values[source]!, (sources.get(data.values[source]!) ?? 0) + 1)
  }
  return { authors: sortCounts(authors), sources: sortCounts(sources) }
}

function sortCounts (counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, FACET_LIMIT)
}
