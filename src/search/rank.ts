import type { SearchIndex } from '../indexing/search-index.js'
import type { RankedMatch } from './execute-query.js'

/**
 * Orders matches by score, best first; equal scores keep corpus order (file, then
 * position in the file), so that a page of results is the same on every run.
 */
export function rankMatches (matches: RankedMatch[], index: SearchIndex): RankedMatch[] {
  const origin = (id: string): { file: string, ordinal: number } => index.get(id)?.article.origin ?? { file: '', ordinal: 0 }
  return matches.sort((a, b) => {
    if (b.score !== a.score) return b.score - a.score
    const x = origin(a.id)
    const y = origin(b.id)
    return x.file < y.file ? -1 : x.file > y.file ? 1 : x.ordinal - y.ordinal
  })
}
