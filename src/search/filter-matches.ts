import type { SearchIndex } from '../indexing/search-index.js'
import type { Article, FacetCount, SearchRequest } from '../types.js'
import type { RankedMatch } from './execute-query.js'

/** Everyone an article names as its author: the author, reporters and correspondents. */
export function peopleOf (article: Article): string[] {
  const people = [...(article.reporters ?? []), ...(article.correspondents ?? [])]
  if (article.author !== undefined && article.author !== '') people.push(article.author)
  return [...new Set(people)]
}

/** Keeps the matches whose article passes the request's metadata filters. */
export function filterMatches (matches: RankedMatch[], index: SearchIndex, request: SearchRequest): RankedMatch[] {
  const { author, source, dateFrom, dateTo } = request
  if (author === undefined && source === undefined && dateFrom === undefined && dateTo === undefined) return matches
  return matches.filter(({ id }) => {
    const article = index.get(id)?.article
    if (article === undefined) return false
    if (author !== undefined && !peopleOf(article).includes(author)) return false
    if (source !== undefined && article.source !== source) return false
    if (dateFrom !== undefined && (article.date === undefined || article.date < dateFrom)) return false
    if (dateTo !== undefined && (article.date === undefined || article.date.slice(0, dateTo.length) > dateTo)) return false
    return true
  })
}

/** Counts authors and sources over the matches, most frequent first (then by value). */
export function countFacets (matches: readonly RankedMatch[], index: SearchIndex): { authors: FacetCount[], sources: FacetCount[] } {
  const authors = new Map<string, number>()
  const sources = new Map<string, number>()
  for (const { id } of matches) {
    const article = index.get(id)?.article
    if (article === undefined) continue
    for (const person of peopleOf(article)) authors.set(person, (authors.get(person) ?? 0) + 1)
    if (article.source !== undefined && article.source !== '') sources.set(article.source, (sources.get(article.source) ?? 0) + 1)
  }
  return { authors: sortCounts(authors), sources: sortCounts(sources) }
}

function sortCounts (counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, 20)
}
