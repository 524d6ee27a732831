import { createError, describeValue } from '../errors.js'
import { checkWorkers } from '../options.js'
import type { Article, ArticleInput } from '../types.js'
import type { BuildOptions } from './build-options.js'

/** The optional text fields of an article: absent, or a string. */
const TEXT_FIELDS = ['title', 'body', 'kicker', 'byline', 'author', 'date', 'source', 'url'] as const
/** The optional name lists of an article: absent, or an array of strings. */
const NAME_LISTS = ['reporters', 'correspondents'] as const

/**
 * Refuses articles a library caller got wrong, naming the article and the field: an id
 * that is not a non-empty string, no title and no body, a text field that is not a string,
 * `reporters` or `correspondents` that are not arrays of strings (a string would become one
 * facet per character), an `origin` that is not `{ file, ordinal }`, or an id used twice in
 * one call (the rule: ids are unique; to replace an article, update() it). Fields given as
 * `undefined` are absent.
 */
export function checkArticles (articles: unknown): Article[] {
  if (!Array.isArray(articles)) throw createError('INVALID_ARTICLE', `expected an array of articles, not ${describeValue(articles)}`)
  const seen = new Set<string>()
  articles.forEach((article: unknown, i) => {
    const where = `article ${i + 1}`
    if (typeof article !== 'object' || article === null || Array.isArray(article)) throw createError('INVALID_ARTICLE', `${where} is not an object but ${describeValue(article)}`)
    const fields = article as Record<string, unknown>
    const { id, title, body } = fields
    if (typeof id !== 'string' || id === '') throw createError('INVALID_ARTICLE', `${where} has no id: an id is a non-empty string, not ${describeValue(id)}`)
    const fail = (detail: string): never => { throw createError('INVALID_ARTICLE', `article ${JSON.stringify(id)}: ${detail}`) }
    for (const field of TEXT_FIELDS) {
      const value = fields[field]
      if (value !== undefined && typeof value !== 'string') fail(`${field} must be a string, not ${describeValue(value)}`)
    }
    for (const field of NAME_LISTS) {
      const value = fields[field]
      if (value !== undefined && (!Array.isArray(value) || value.some(name => typeof name !== 'string'))) fail(`${field} must be an array of names (strings), not ${describeValue(value)}`)
    }
    checkOrigin(fields.origin, fail)
    if ((title ?? '') === '' && (body ?? '') === '') fail('has neither a title nor a body')
    if (seen.has(id)) throw createError('INVALID_ARTICLE', `article id ${JSON.stringify(id)} is used twice; ids must be unique`)
    seen.add(id)
  })
  return (articles as ArticleInput[]).map(article => withoutUndefined<Article>({ ...article, title: article.title ?? '', body: article.body ?? '' }))
}

function checkOrigin (origin: unknown, fail: (detail: string) => never): void {
  if (origin === undefined) return
  const { file, ordinal, line } = (typeof origin === 'object' && origin !== null ? origin : {}) as Record<string, unknown>
  const positive = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1
  if (typeof file !== 'string' || !positive(ordinal) || (line !== undefined && !positive(line))) {
    fail(`origin must be { file: string, ordinal: number ≥ 1, line?: number ≥ 1 }, not ${describeValue(origin)}`)
  }
}

/** The fields of an object given, without those given as `undefined` (an article stores what is present). */
export function withoutUndefined<T extends object> (value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T
}

/**
 * A path argument (a folder or a file), checked before anything is read or written: a
 * non-empty string without NUL characters. `''` would mean the current folder, and a save
 * there writes beside whatever it holds.
 */
export function checkPath (path: unknown, what: string): string {
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw createError('INVALID_REQUEST', `${what} must be a path (a non-empty string), not ${describeValue(path)}`)
  }
  return path
}

/** The ids of a remove() call: an array of strings. */
export function checkIds (ids: unknown): string[] {
  if (!Array.isArray(ids) || ids.some(id => typeof id !== 'string')) throw createError('INVALID_REQUEST', `remove() takes an array of article ids (strings), not ${describeValue(ids)}`)
  return ids as string[]
}

/** Refuses build options that are not `{ workers?, onProgress? }` (INVALID_REQUEST), naming the wrong one. */
export function checkBuildOptions (options: unknown): { workers: number | undefined, onProgress: BuildOptions['onProgress'] } {
  if (typeof options !== 'object' || options === null) throw createError('INVALID_REQUEST', `the build options are an object ({ workers?, onProgress? }), not ${describeValue(options)}`)
  const { workers, onProgress } = options as BuildOptions
  if (onProgress !== undefined && typeof onProgress !== 'function') throw createError('INVALID_REQUEST', `onProgress must be a function, not ${describeValue(onProgress)}`)
  return { workers: checkWorkers(workers), onProgress }
}
