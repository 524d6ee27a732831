import { createRequire } from 'node:module'
import MiniSearch from 'minisearch'
import { type Article, DEFAULT_OPTIONS, SearchEngine } from '../../src/index.js'

/** What a search returned: the ranked ids asked for and how many articles matched in all. */
export interface Ranking {
  ids: string[]
  total: number
  /** zhsearch: it found nothing for every clause together and answered with fewer (AND relaxed to OR). */
  relaxed?: boolean
}

/** A search system under evaluation: zhsearch or the baseline, over one set's articles. */
export interface SearchSystem {
  name: string
  /** The first `limit` ids in rank order, and the number of matches. */
  search (query: string, limit: number): Promise<Ranking>
}

/** Queries are cut where the engine would refuse them: every system sees the same text. */
const MAX_QUERY_LENGTH = DEFAULT_OPTIONS.maxQueryLength

/** zhsearch through its public API only: `fromArticles` (or an engine built elsewhere) and `search`. */
export function zhsearchSystem (engine: SearchEngine): SearchSystem {
  return {
    name: 'zhsearch',
    async search (query, limit) {
      // search is becoming async: awaiting a plain value costs nothing.
      const response = await engine.search({ query: query.slice(0, MAX_QUERY_LENGTH), limit, snippets: false })
      return { ids: response.hits.map(hit => hit.id), total: response.total, relaxed: response.relaxed === true }
    },
  }
}

/**
 * Quality is measured without the query time budget: on a busy machine a query cut short
 * (`partial`) would count as a ranking loss that is not one.
 */
export const EVAL_ENGINE_OPTIONS = { queryBudgetMs: 0 }

export async function buildZhsearch (articles: readonly Article[]): Promise<SearchSystem> {
  return zhsearchSystem(await SearchEngine.fromArticles(articles, EVAL_ENGINE_OPTIONS))
}

interface Jieba {
  cut (sentence: string, hmm?: boolean): string[]
}

let jieba: Jieba | undefined

/** nodejieba's default cut, loaded on first use (the dictionary takes about a second). */
function jiebaCut (text: string): string[] {
  if (jieba === undefined) {
    const require = createRequire(import.meta.url)
    jieba = require('nodejieba') as Jieba
  }
  return jieba.cut(text)
}

const WORD = /[\p{L}\p{N}]/u

/**
 * The baseline: MiniSearch 7.2 with its default options (BM25+, OR of the query's terms,
 * lowercased terms, no prefix or fuzzy search) over title and body, with Jieba's default
 * cut as the tokenizer for documents and queries alike. Tokens without a letter or digit
 * (spaces, punctuation) are dropped, as MiniSearch's own tokenizer drops them.
 *
 * Jieba's dictionary is one per process, so words that zhsearch added to it for a set
 * (the default corpus's user.dict) are seen by the baseline of the sets after it.
 */
export function buildBaseline (articles: readonly Article[]): SearchSystem {
  const index = new MiniSearch<Article>({
    fields: ['title', 'body'],
    tokenize: text => jiebaCut(text).filter(token => WORD.test(token)),
  })
  index.addAll(articles)
  return {
    name: 'baseline',
    async search (query, limit) {
      const results = index.search(query.slice(0, MAX_QUERY_LENGTH))
      return { ids: results.slice(0, limit).map(result => String(result.id)), total: results.length }
    },
  }
}
