import { type Analyzer, type Article, parseQuery, type TextField } from '../../src/internal.js'

/**
 * grep as the reference for recall and literal precision: an article matches a query when
 * its normalized text contains the normalized text of every clause the engine reads in the
 * query (whitespace-separated terms and `"phrases"`, each within its `field:` if it names
 * one), and none of its `-excluded` clauses.
 *
 * The text is title, kicker, byline and body: everything the engine indexes. (The shared
 * collections have only title and body; the default corpus also has kickers and bylines,
 * where the reporters' names are.)
 */
export interface GrepOracle {
  /**
   * Ids of the articles grep finds for `query`, in corpus order, or `undefined` when the
   * query has no clause with a letter or digit in it (nothing for grep to look for).
   */
  find (query: string): string[] | undefined
  /** Whether the article `id` contains `query` as grep reads it. */
  contains (id: string, query: string): boolean
}

interface NormalizedArticle {
  id: string
  all: string
  fields: Partial<Record<TextField, string>>
}

interface Needle {
  text: string
  field?: TextField
  negated: boolean
}

const SEARCHABLE = /[\p{L}\p{N}]/u

export function createGrepOracle (articles: readonly Article[], analyzer: Analyzer): GrepOracle {
  const normalize = (text: string): string => analyzer.normalize(text).text
  const normalized: NormalizedArticle[] = articles.map(article => {
    const fields: Partial<Record<TextField, string>> = {
      title: normalize(article.title),
      body: normalize(article.body),
      ...(article.kicker !== undefined ? { kicker: normalize(article.kicker) } : {}),
      ...(article.byline !== undefined ? { byline: normalize(article.byline) } : {}),
    }
    return { id: article.id, all: [fields.title, fields.kicker, fields.byline, fields.body].filter(f => f !== undefined).join('\n'), fields }
  })
  const byId = new Map(normalized.map(article => [article.id, article]))
  const needleCache = new Map<string, Needle[]>()

  const needlesOf = (query: string): Needle[] => {
    let needles = needleCache.get(query)
    if (needles === undefined) {
      needles = parseQuery(query).clauses
        .map(clause => ({ text: normalize(clause.text), negated: clause.negated, ...(clause.field !== undefined ? { field: clause.field } : {}) }))
        .filter(needle => SEARCHABLE.test(needle.text))
      needleCache.set(query, needles)
    }
    return needles
  }

  const matches = (article: NormalizedArticle, needles: readonly Needle[]): boolean =>
    needles.every(needle => {
      const haystack = needle.field === undefined ? article.all : (article.fields[needle.field] ?? '')
      return haystack.includes(needle.text) !== needle.negated
    })

  return {
    find (query) {
      const needles = needlesOf(query)
      if (!needles.some(needle => !needle.negated)) return undefined
      return normalized.filter(article => matches(article, needles)).map(article => article.id)
    },
    contains (id, query) {
      const article = byId.get(id)
      const needles = needlesOf(query)
      return article !== undefined && needles.some(needle => !needle.negated) && matches(article, needles)
    },
  }
}
