/**
 * Builds `Article` values the same way for every format: optional fields that
 * are absent, blank or empty are left out rather than set to `undefined` or `''`,
 * so articles compare, serialize and display alike whatever their source.
 */
import type { Article, ArticleOrigin } from '../../types.js'

/** The fields of an article, optional ones possibly missing or blank. */
export interface ArticleFields {
  id: string
  title: string
  kicker?: string | undefined
  byline?: string | undefined
  reporters?: string[] | undefined
  correspondents?: string[] | undefined
  author?: string | undefined
  body: string
  date?: string | undefined
  source?: string | undefined
  url?: string | undefined
  origin: ArticleOrigin
}

/**
 * An `Article` from `fields`: optional text trimmed, blank optional fields and
 * empty lists dropped, keys in the order of the `Article` type.
 */
export function makeArticle (fields: ArticleFields): Article {
  return {
    id: fields.id,
    title: fields.title,
    ...text('kicker', fields.kicker),
    ...text('byline', fields.byline),
    ...list('reporters', fields.reporters),
    ...list('correspondents', fields.correspondents),
    ...text('author', fields.author),
    body: fields.body,
    ...text('date', fields.date),
    ...text('source', fields.source),
    ...text('url', fields.url),
    origin: fields.origin,
  }
}

function text<K extends string> (key: K, value: string | undefined): Partial<Record<K, string>> {
  const trimmed = value?.trim()
  return trimmed === undefined || trimmed === '' ? {} : { [key]: trimmed } as Record<K, string>
}

function list<K extends string> (key: K, value: string[] | undefined): Partial<Record<K, string[]>> {
  return value === undefined || value.length === 0 ? {} : { [key]: value } as Record<K, string[]>
}
