import type { Article } from '../types.js'

/**
 * Everyone an article names as its author: its reporters, correspondents and author, each
 * once. The author facet and the `author` filter count these, whatever holds the index.
 */
export function peopleOf (article: Pick<Article, 'reporters' | 'correspondents' | 'author'>): string[] {
  const people = [...(article.reporters ?? []), ...(article.correspondents ?? [])]
  if (article.author !== undefined && article.author !== '') people.push(article.author)
  return [...new Set(people)]
}
