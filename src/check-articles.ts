import { createError } from './errors.js'
import type { Article } from './types.js'

/**
 * Refuses articles a library caller got wrong, naming the article: an id that is not a
 * non-empty string, no title and no body, a text field that is not a string, or an id
 * used twice in one call (the rule: ids are unique; to replace an article, update() it).
 */
export function checkArticles (articles: unknown): Article[] {
  if (!Array.isArray(articles)) throw createError('INVALID_ARTICLE', `expected an array of articles, not ${typeof articles}`)
  const seen = new Set<string>()
  articles.forEach((article: unknown, i) => {
    const where = `article ${i + 1}`
    if (typeof article !== 'object' || article === null) throw createError('INVALID_ARTICLE', `${where} is not an object`)
    const { id, title, body } = article as Record<string, unknown>
    if (typeof id !== 'string' || id === '') throw createError('INVALID_ARTICLE', `${where} has no id: an id is a non-empty string, not ${JSON.stringify(id) ?? 'undefined'}`)
    for (const field of ['title', 'body', 'kicker', 'byline'] as const) {
      const value = (article as Record<string, unknown>)[field]
      if (value !== undefined && typeof value !== 'string') throw createError('INVALID_ARTICLE', `article ${JSON.stringify(id)}: ${field} must be a string`)
    }
    if ((title ?? '') === '' && (body ?? '') === '') throw createError('INVALID_ARTICLE', `article ${JSON.stringify(id)} has neither a title nor a body`)
    if (seen.has(id)) throw createError('INVALID_ARTICLE', `article id ${JSON.stringify(id)} is used twice; ids must be unique`)
    seen.add(id)
  })
  return (articles as Article[]).map(article => ({ ...article, title: article.title ?? '', body: article.body ?? '' }))
}
