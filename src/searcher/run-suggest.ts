/**
 * Suggestions and the article view over a backend, once for every backend: completions
 * (index words, then the words a Latin prefix starts to spell in pinyin), titles that
 * contain the prefix, and an article with a query's matches marked.
 */
import { articleOf, restoreStored } from '../analysis/stored-document.js'
import { analyzeClauses, highlightTerms } from '../search/analyze-query.js'
import { parseQuery } from '../search/parse-query.js'
import { pinyinWords } from '../search/pinyin.js'
import { fieldMaskOf, requestKey } from '../search/postings.js'
import { QueryBudget } from '../search/query-budget.js'
import { topMatches } from '../search/rank.js'
import { type Suggestions, suggestWords } from '../search/suggest.js'
import { presentArticle } from '../snippets/present-hits.js'
import type { Article } from '../types.js'
import type { SearchBackend, SearchContext } from './backend.js'
import type { SearchSettings } from './run-search.js'
import { checkPrefix } from './search-request.js'
import type { HighlightedDocument } from './searcher.js'

const TITLE = fieldMaskOf(['title'])

/** Completions for a prefix being typed: index words and the titles that contain it (first in corpus order). */
export async function runSuggest (backend: SearchBackend, prefix: unknown, limit: unknown, settings: SearchSettings): Promise<Suggestions> {
  const checked = checkPrefix(prefix, limit, settings.options.maxQueryLength)
  const normalized = backend.analyzer.normalizeTerm(checked.prefix).trim()
  if (normalized === '' || checked.limit <= 0) return { words: [], titles: [] }
  const context = backend.begin()
  const [words, titles] = await Promise.all([suggestWords(context, checked.prefix, normalized, checked.limit), titlesContaining(context, normalized, checked.limit, settings)])
  return { words, titles }
}

async function titlesContaining (context: SearchContext, normalized: string, limit: number, settings: SearchSettings): Promise<Suggestions['titles']> {
  const fetched = await context.fetch({ words: [], texts: [{ text: normalized, mask: TITLE }] }, new QueryBudget(settings.options.queryBudgetMs))
  const docs = fetched.texts.get(requestKey(normalized, TITLE)) ?? new Int32Array(0)
  const first = topMatches({ docs, scores: new Float64Array(docs.length) }, 0, limit, (a, b) => context.compare(a, b))
  if (first.length === 0) return []
  const stored = await context.stored(Int32Array.from(first, match => match.doc))
  return stored.map(document => ({ id: document.id, title: restoreStored(document.fields.title) }))
}

/** One article by id, as ingested. */
export async function readDocument (backend: SearchBackend, id: string): Promise<Article | undefined> {
  const stored = await backend.storedById(id)
  return stored === undefined ? undefined : articleOf(stored)
}

/**
 * One article with a query's matches marked (the words and phrases of its clauses and
 * their synonyms, and the words its pinyin spells): title, kicker, byline and each body
 * paragraph as HTML (escaped, matches in `<mark>`).
 */
export async function highlightDocument (backend: SearchBackend, id: string, query: unknown, settings: SearchSettings): Promise<HighlightedDocument | undefined> {
  const stored = await backend.storedById(id)
  if (stored === undefined) return undefined
  const typed = String(query ?? '').slice(0, settings.options.maxQueryLength)
  const spelled = settings.options.pinyin ? await pinyinWords(backend.begin(), typed) : []
  return presentArticle(stored, [...highlightTerms(analyzeClauses(parseQuery(typed), backend.analyzer, settings.synonyms)), ...spelled])
}
