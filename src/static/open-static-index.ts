/**
 * `zhsearch/static` in a browser: search a folder that `zhsearch export --static` wrote,
 * served by any static file server. The same query lifecycle as the server
 * (searcher/run-search.ts) runs here over the export's files, which are fetched as the
 * queries need them and kept. No Node built-ins and no Jieba: the export carries what
 * reading a query needs (see format.ts).
 *
 * @example
 * ```html
 * <script type="module">
 *   import { openStaticIndex } from './site/zhsearch-static.js'
 *   const index = await openStaticIndex('./site/')
 *   const { total, hits } = await index.search('工会 职工', { limit: 10 })
 *   // hits[0].title, hits[0].snippets (HTML, matches in <mark>)
 * </script>
 * ```
 */
import { createError, describeValue } from '../errors.js'
import { DEFAULT_OPTIONS, type ResolvedEngineOptions, resolveOptions } from '../options.js'
import type { Suggestions } from '../search/suggest.js'
import { runSearch, type SearchSettings } from '../searcher/run-search.js'
import { highlightDocument, readDocument, runSuggest } from '../searcher/run-suggest.js'
import type { HighlightedDocument } from '../searcher/searcher.js'
import type { Article, SearchRequest, SearchResponse } from '../types.js'
import { fetchSource, type FileSource, IndexFiles } from './read/index-files.js'
import { StaticIndex } from './read/static-index.js'
import { staticBackend } from './static-backend.js'

export type { FileSource } from './read/index-files.js'
export type { Article, SearchHit, SearchRequest, SearchResponse } from '../types.js'
export type { Suggestions } from '../search/suggest.js'
export type { HighlightedDocument } from '../searcher/searcher.js'

/** How a static index searches. Every field is optional; the defaults are STATIC_DEFAULTS. */
export interface StaticSearchOptions {
  /** Queries longer than this many characters are refused with QUERY_TOO_LONG. Defaults to `256`. */
  maxQueryLength?: number | undefined
  /** At most this many snippets per hit, 0 to 100. Defaults to `3`. */
  maxSnippets?: number | undefined
  /** Aim for snippets of about this many characters, 10 to 10,000. Defaults to `100`. */
  snippetLength?: number | undefined
  /**
   * A search works at most about this many milliseconds, then answers with what it found
   * (`partial: true`); `0` for no limit. The server needs a limit because one query holds
   * up the others; in a browser the search is the reader's own, and most of its time is
   * spent waiting for files, so the default is no limit. Defaults to `0`.
   */
  queryBudgetMs?: number | undefined
  /** Latin letters also find the Chinese words they spell in pinyin (`gonghui` → 工会). Defaults to `true`. */
  pinyin?: boolean | undefined
  /** What reads the export's files: defaults to the global `fetch` (a test may count or delay requests). */
  fetch?: typeof fetch | undefined
}

/** The defaults of a static index: the engine's, but no time budget (see queryBudgetMs). */
export const STATIC_DEFAULTS: Readonly<Omit<ResolvedEngineOptions, 'userWords'>> = { ...DEFAULT_OPTIONS, queryBudgetMs: 0 }

/** What a static index holds, and what reading it has cost so far. */
export interface StaticIndexStats {
  documents: number
  /** Distinct words of the index. */
  terms: number
  /** When the export was written (ISO 8601). */
  exportedAt: string
  analyzerFingerprint: string
  /** Bytes and files fetched since the index was opened (each file is fetched once). */
  bytesFetched: number
  filesFetched: number
}

/** An opened static export. */
export interface StaticSearch {
  /** Articles searchable. */
  readonly size: number
  /**
   * Searches with zhsearch's query syntax (terms, `"phrases"`, `-exclusions`, `title:term`,
   * pinyin) and the server's ranking: `{ total, hits: [{ id, title, snippets, highlights, … }], facets, … }`.
   * `query` may also be a whole SearchRequest; `options` then add to it.
   */
  search (query: string | SearchRequest, options?: Omit<SearchRequest, 'query'>): Promise<SearchResponse>
  /** Completions for a prefix being typed: index words and the titles that contain it. */
  suggest (prefix: string, limit?: number): Promise<Suggestions>
  /** One article by id, as exported. */
  getDocument (id: string): Promise<Article | undefined>
  /** One article with a query's matches in `<mark>`, as the page's article view shows it. */
  highlightDocument (id: string, query?: string): Promise<HighlightedDocument | undefined>
  stats (): StaticIndexStats
}

/**
 * Opens a static export: `location` is the URL of the exported folder (relative URLs are
 * taken against the page), or a FileSource. Reads only the export's manifest; a missing
 * or unreadable export, or one of another format, is refused with STATIC_INDEX_UNREADABLE.
 */
export async function openStaticIndex (location: string | URL | FileSource, options: StaticSearchOptions = {}): Promise<StaticSearch> {
  const resolved = staticOptions(options)
  const source = typeof location === 'string' || location instanceof URL ? fetchSource(location, options.fetch) : location
  const files = new IndexFiles(source)
  return createStaticSearch(await StaticIndex.open(files), files, resolved)
}

/**
 * Text analyzed once at open, reading no file: the first search of a page would otherwise
 * compile what every search runs first (the folds, the script runs' Unicode regular
 * expressions, the query parser), some tens of milliseconds after Enter.
 */
const WARM_UP_TEXTS = ['工会职工 ＡＢＣ 2024年 gonghui', '。']

function createStaticSearch (index: StaticIndex, files: IndexFiles, options: SearchSettings['options']): StaticSearch {
  const backend = staticBackend(index)
  const synonyms = index.manifest.synonyms ?? {}
  const settings: SearchSettings = { options, synonyms: { synonymsOf: term => Object.hasOwn(synonyms, term) ? synonyms[term]! : [] } }
  setTimeout(() => { void warmUp(index, backend, settings) }, 0)
  /**
   * Loads the vocabulary a query's analysis reads (synchronous, as the analyzer's is): its
   * own text's, and that of the synonyms any of its terms may expand to.
   */
  const prepare = async (query: string): Promise<void> => {
    const text = query.slice(0, options.maxQueryLength)
    await index.prepareTables([text])
    const normalized = index.analyzer.normalizeTerm(text)
    const expansions = Object.keys(synonyms).filter(term => normalized.includes(term)).flatMap(term => synonyms[term]!)
    await index.prepare([text, ...expansions])
  }
  return {
    size: index.manifest.documents,
    async search (query, options = {}) {
      const request = typeof query === 'string' ? { ...options, query } : { ...query, ...options }
      // The analysis of a query is synchronous (as the analyzer's is): the vocabulary it
      // reads is fetched first. A request that is no object is refused by runSearch.
      if (typeof request.query === 'string') await prepare(request.query)
      return await runSearch(backend, request, settings)
    },
    async suggest (prefix, limit) {
      if (typeof prefix === 'string') await index.prepareTables([prefix])
      return await runSuggest(backend, prefix, limit, settings)
    },
    getDocument: async id => await readDocument(backend, checkId(id)),
    async highlightDocument (id, query = '') {
      if (typeof query === 'string') await prepare(query)
      return await highlightDocument(backend, checkId(id), query, settings)
    },
    stats: () => ({
      documents: index.manifest.documents,
      terms: index.manifest.terms,
      exportedAt: index.manifest.exportedAt,
      analyzerFingerprint: index.manifest.analyzerFingerprint,
      bytesFetched: files.bytesRead,
      filesFetched: files.filesRead,
    }),
  }
}

/** Runs the analysis and the lifecycle over texts that need no file (WARM_UP_TEXTS); their answers are not used. */
async function warmUp (index: StaticIndex, backend: ReturnType<typeof staticBackend>, settings: SearchSettings): Promise<void> {
  try {
    for (const text of WARM_UP_TEXTS.filter(text => !index.analyzer.needsTables(text))) {
      index.analyzer.keysOf(text)
      index.analyzer.normalizeTerm(text)
    }
    // A query of punctuation alone: parsed, planned, answered with nothing, no file read.
    await runSearch(backend, { query: WARM_UP_TEXTS[1] }, settings)
  } catch {
    // A warm-up that fails changes no answer: the search that needs the same code says why.
  }
}

function staticOptions (options: StaticSearchOptions): SearchSettings['options'] {
  if (typeof options !== 'object' || options === null) throw createError('INVALID_REQUEST', `the options are an object, not ${describeValue(options)}`)
  const { fetch: _fetch, ...searchOptions } = options
  if (_fetch !== undefined && typeof _fetch !== 'function') throw createError('INVALID_REQUEST', `fetch must be a function, not ${describeValue(_fetch)}`)
  return resolveOptions({ ...STATIC_DEFAULTS, ...Object.fromEntries(Object.entries(searchOptions).filter(([, value]) => value !== undefined)) })
}

function checkId (id: unknown): string {
  if (typeof id !== 'string') throw createError('INVALID_REQUEST', `an article id is a string, not ${describeValue(id)}`)
  return id
}
