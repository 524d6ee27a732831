import type { FacetCount } from '../types.js'

/** How many values of each facet a response lists. */
export const FACET_LIMIT = 20

/** The metadata filters of a search (empty strings already mean no filter). */
export interface SearchFilters {
  author?: string
  source?: string
  dateFrom?: string
  dateTo?: string
}

/** What the filters read of a document: its people (author, reporters, correspondents), its source and its date ('' for none). */
export interface FilteredFields {
  people: Iterable<string>
  source: string | undefined
  date: string
}

/** True when no filter is set. */
export function noFilters ({ author, source, dateFrom, dateTo }: SearchFilters): boolean {
  return author === undefined && source === undefined && dateFrom === undefined && dateTo === undefined
}

/**
 * Whether a document passes the filters: `author` is one of its people, `source` its
 * source, and its date is within `dateFrom … dateTo` (a shorter `dateTo`, `2023-06`, takes
 * the whole month in; a document without a date passes no date filter).
 */
export function passesFilters (filters: SearchFilters, document: () => FilteredFields): boolean {
  if (noFilters(filters)) return true
  const { author, source, dateFrom, dateTo } = filters
  const fields = document()
  if (author !== undefined && ![...fields.people].includes(author)) return false
  if (source !== undefined && fields.source !== source) return false
  if (dateFrom !== undefined || dateTo !== undefined) {
    if (fields.date === '') return false
    if (dateFrom !== undefined && fields.date < dateFrom) return false
    if (dateTo !== undefined && fields.date.slice(0, dateTo.length) > dateTo) return false
  }
  return true
}

/** Facet counts as a response lists them: most frequent first (then by value), FACET_LIMIT of them. */
export function topFacets (counts: ReadonlyMap<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, FACET_LIMIT)
}
