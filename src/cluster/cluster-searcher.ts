import { performance } from 'node:perf_hooks'
import { type Analyzer, createAnalyzer } from '../analysis/analyzer.js'
import { diffNormalized } from '../analysis/normalize/text-patches.js'
import { createError, isZhsearchError } from '../errors.js'
import { DEFAULT_OPTIONS, type EngineOptions, resolveOptions, type ResolvedEngineOptions } from '../options.js'
import { type AnalyzedClause, analyzeClauses, canRelax, highlightTerms, type MatchMode } from '../search/analyze-query.js'
import { FACET_LIMIT } from '../search/filters.js'
import { parseQuery } from '../search/parse-query.js'
import { readSynonyms, SynonymTable } from '../analysis/synonyms.js'
import type { Suggestions } from '../search/suggest.js'
import { checkPrefix, checkSearchRequest } from '../searcher/search-request.js'
import type { HighlightedDocument, Searcher, SearcherHealth, SearcherStats } from '../searcher/searcher.js'
import { buildSnippets, highlightStored, type StoredText } from '../snippets/build-snippets.js'
import type { Article, FacetCount, SearchHit, SearchRequest, SearchResponse, TextField } from '../types.js'
import { CLUSTER_INDEX } from './cluster-config.js'
import { peopleOf } from '../ingest/article-people.js'
import { ClusterConnection, type Row, type ShardStatus, within } from './cluster-connection.js'
import { runQuery } from './sphinxql-client.js'
import { dateKey, dateToKey, stringKey } from './sphinx-terms.js'
import { type TextCheck, translateQuery } from './translate-query.js'

/**
 * Whole-word matches weigh more than character matches, and titles more than bodies, as
 * in the embedded engine's BM25+ with its substring share.
 */
const FIELD_WEIGHTS = 'field_weights = (title_words = 40, kicker_words = 20, byline_words = 20, body_words = 10, title_pairs = 8, title_chars = 8, body_pairs = 2, body_chars = 2)'
/** Queries whose phrases Sphinx cannot check exactly fetch at most this many candidates to check. */
const MAX_CHECKED = 100_000
const MAX_SUGGESTIONS = 100
/** size and stats() are counted again in the background when older than this (another process may reindex). */
const REFRESH_MS = 10_000
/** How long a health check waits for each node (a load balancer's check must not wait for a connect timeout). */
const HEALTH_TIMEOUT_MS = 2000

/** Options of a cluster searcher. */
export interface ClusterSearcherOptions extends Omit<EngineOptions, 'userWords'> {
  /**
   * Words of the corpus's user dictionary, so that queries are cut as the articles were.
   * Defaults to those the last reindex recorded in the cluster.
   */
  userWords?: readonly string[]
}

/**
 * A Searcher over a SphinxQL cluster (Manticore, or Sphinx 2.2): shards of RT indexes
 * behind a distributed index. Queries are analyzed and translated by zhsearch, Sphinx
 * finds and ranks, and zhsearch cuts snippets from the stored original text, so answers
 * look as the embedded engine's do. A shard that does not answer leaves its articles
 * out and marks the answer `partial`, naming it in `missingShards`.
 *
 * ### Basic example
 * ```ts
 * const searcher = await ClusterSearcher.connect('sphinxql://127.0.0.1:9306')
 * const { hits, partial } = await searcher.search('工会')
 * ```
 */
export class ClusterSearcher implements Searcher {
  readonly connection: ClusterConnection
  readonly analyzer: Analyzer
  private synonymTable = SynonymTable.EMPTY
  private readonly options: ResolvedEngineOptions
  private documents = 0
  private shardsKnown = 0
  private refreshedAt = 0

  private constructor (connection: ClusterConnection, analyzer: Analyzer, options: ResolvedEngineOptions) {
    this.connection = connection
    this.analyzer = analyzer
    this.options = options
  }

  /** Connects to the cluster whose head answers at `address`; throws ENGINE_UNREACHABLE naming it when it does not. */
  static async connect (address: string, options: ClusterSearcherOptions = {}): Promise<ClusterSearcher> {
    const connection = await ClusterConnection.open(address)
    let userWords = options.userWords
    try {
      userWords ??= (await connection.readManifest())?.userWords
    } catch (error) {
      await connection.close()
      throw error
    }
    const resolved = resolveOptions({ ...options, userWords: userWords ?? DEFAULT_OPTIONS.userWords })
    const searcher = new ClusterSearcher(connection, createAnalyzer({ userWords: resolved.userWords }), resolved)
    await searcher.refresh()
    return searcher
  }

  get size (): number {
    return this.documents
  }

  /** A cluster's index is no folder with a manifest (its own manifest is read with the connection). */
  get manifest (): undefined {
    return undefined
  }

  async ready (): Promise<void> {
    this.analyzer.warmUp()
    await this.refresh()
  }

  /** Counts the articles again (size and stats() are what the last refresh saw). */
  async refresh (): Promise<ShardStatus[]> {
    return this.counted(await this.connection.shardStatus())
  }

  /**
   * Whether every search can be answered completely now: the head answers, and every
   * shard has a replica that does. Each node gets HEALTH_TIMEOUT_MS to answer, so that a
   * health check of a cluster whose nodes do not answer at all still answers quickly.
   */
  async health (): Promise<SearcherHealth> {
    const { head } = this.connection
    try {
      await within(head.query('SHOW STATUS'), HEALTH_TIMEOUT_MS, `the search cluster's head at ${head.name} did not answer`)
    } catch (error) {
      return { status: 'unavailable', reason: (error as Error).message.replace(/^zhsearch: /, '') }
    }
    const status = this.counted(await this.connection.shardStatus({ timeoutMs: HEALTH_TIMEOUT_MS }))
    const down = status.filter(shard => shard.replicas.every(replica => !replica.up))
    if (down.length === 0) return { status: 'ok', documents: this.documents }
    const replicas = down.flatMap(shard => shard.replicas.map(replica => `${replica.name} at ${replica.address}`))
    return {
      status: 'unavailable',
      reason: `${down.length === 1 ? 'shard' : 'shards'} ${down.map(shard => shard.shard).join(', ')} of the search cluster at ${head.name} ${down.length === 1 ? 'does' : 'do'} not answer (${replicas.join(', ')}): searches would miss ${down.length === 1 ? 'its' : 'their'} articles`,
      documents: this.documents,
      missingShards: down.map(shard => shard.shard),
    }
  }

  /** Records the article count of a shard status. */
  private counted (status: ShardStatus[]): ShardStatus[] {
    this.documents = status.reduce((sum, shard) => sum + (shard.documents ?? 0), 0)
    this.shardsKnown = status.length
    this.refreshedAt = Date.now()
    return status
  }

  stats (): SearcherStats {
    return { documents: this.documents, terms: 0, segments: this.shardsKnown || this.connection.shardCount, analyzerFingerprint: this.analyzer.fingerprint }
  }

  async loadSynonyms (path: string): Promise<SynonymTable> {
    this.synonymTable = await readSynonyms(path, this.analyzer.normalizeTerm)
    return this.synonymTable
  }

  async close (): Promise<void> {
    await this.connection.close()
  }

  async search (raw: string | SearchRequest): Promise<SearchResponse> {
    const started = performance.now()
    const request = checkSearchRequest(raw, this.options.maxQueryLength)
    if (Date.now() - this.refreshedAt > REFRESH_MS) {
      this.refreshedAt = Date.now()
      this.refresh().catch(() => {})
    }
    const clauses = analyzeClauses(parseQuery(request.query), this.analyzer, this.synonymTable)
    let result = await this.find(clauses, request, 'all')
    const relaxed = result.total === 0 && canRelax(clauses)
    if (relaxed) result = await this.find(clauses, request, 'any')
    const terms = highlightTerms(clauses)
    return {
      query: request.query,
      total: result.total,
      ...(relaxed && result.total > 0 ? { relaxed: true } : {}),
      ...(result.missingShards.length > 0 ? { partial: true, missingShards: result.missingShards } : {}),
      offset: request.offset,
      limit: request.limit,
      hits: result.rows.map(row => this.toHit(row, request.snippets ? terms : undefined)),
      facets: result.facets,
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
    }
  }

  async suggest (prefix: string, limit?: number): Promise<Suggestions> {
    const checked = checkPrefix(prefix, limit, this.options.maxQueryLength, MAX_SUGGESTIONS)
    const normalized = this.analyzer.normalizeTerm(checked.prefix).trim()
    if (normalized === '' || checked.limit <= 0) return { words: [], titles: [] }
    const clauses = analyzeClauses({ clauses: [{ kind: 'phrase', text: normalized, negated: false, field: 'title' }] }, this.analyzer)
    if (clauses.length === 0) return { words: [], titles: [] }
    const result = await this.find(clauses, { query: normalized, limit: checked.limit, offset: 0 }, 'all', false)
    // Index words are hashed in the cluster: only titles are suggested.
    return { words: [], titles: result.rows.map(row => ({ id: row.article.id, title: row.article.title })) }
  }

  async getDocument (id: string): Promise<Article | undefined> {
    if (typeof id !== 'string') throw createError('INVALID_REQUEST', 'getDocument() takes an article id (a string)')
    const rows = await this.connection.head.query(`SELECT id, article FROM ${CLUSTER_INDEX} WHERE id = ${stringKey(id)}`)
    const article = rows.length === 0 ? undefined : JSON.parse(String(rows[0]!.article)) as Article
    return article?.id === id ? article : undefined
  }

  async highlightDocument (id: string, query = ''): Promise<HighlightedDocument | undefined> {
    const article = await this.getDocument(id)
    if (article === undefined) return undefined
    const terms = highlightTerms(analyzeClauses(parseQuery(String(query).slice(0, this.options.maxQueryLength)), this.analyzer, this.synonymTable))
    return {
      article,
      html: {
        title: highlightStored(this.stored(article.title), terms),
        ...(article.kicker !== undefined ? { kicker: highlightStored(this.stored(article.kicker), terms) } : {}),
        ...(article.byline !== undefined ? { byline: highlightStored(this.stored(article.byline), terms) } : {}),
        paragraphs: highlightStored(this.stored(article.body), terms).split('\n').filter(p => p.trim() !== ''),
      },
    }
  }

  /** One page of matches, the total and the facets, from one replica of every shard that answers. */
  private async find (clauses: readonly AnalyzedClause[], request: SearchRequest & { limit: number, offset: number }, mode: MatchMode, facets = true): Promise<FoundPage> {
    const { match, checks } = translateQuery(clauses, mode)
    const empty: FoundPage = { rows: [], total: 0, facets: { authors: [], sources: [] }, missingShards: [] }
    if (match === '') return empty
    const where = [`MATCH(${sqlMatch(match)})`, ...filterConditions(request)].join(' AND ')
    const options = (maxMatches: number): string => `OPTION ranker = bm25, ${FIELD_WEIGHTS}, max_matches = ${Math.max(1000, maxMatches)}`
    if (checks.length > 0) return this.findChecked(where, options(MAX_CHECKED), checks, request, facets)
    const page = await this.select(`SELECT id, article, WEIGHT() AS score FROM ${CLUSTER_INDEX} WHERE ${where} ORDER BY score DESC, id ASC LIMIT ${request.offset}, ${request.limit} ${options(request.offset + request.limit)}`)
    // Facets after the page: a dead mirror the page ran into is marked by then. Counts
    // are over the top groups of each shard (Sphinx groups per agent, then merges).
    const [authors, sources] = facets
      ? (await Promise.all([
          this.select(`SELECT GROUPBY() AS person, people_names, COUNT(*) AS n FROM ${CLUSTER_INDEX} WHERE ${where} GROUP BY people ORDER BY n DESC LIMIT 0, ${FACET_LIMIT * 5} ${options(FACET_LIMIT * 5)}`),
          this.select(`SELECT source_key, source, COUNT(*) AS n FROM ${CLUSTER_INDEX} WHERE ${where} AND source_key <> 0 GROUP BY source_key ORDER BY n DESC LIMIT 0, ${FACET_LIMIT * 5} ${options(FACET_LIMIT * 5)}`),
        ])).map(result => result.rows)
      : [[], []]
    return {
      rows: page.rows.map(toFoundRow),
      total: page.total,
      facets: {
        authors: topCounts(authors!.map(row => ({ value: (JSON.parse(String(row.people_names)) as Record<string, string>)[String(row.person)] ?? '', count: Number(row.n) }))),
        sources: topCounts(sources!.map(row => ({ value: String(row.source), count: Number(row.n) }))),
      },
      missingShards: page.missingShards,
    }
  }

  /**
   * Runs a SELECT on the distributed index, and the shards whose agents did not answer.
   * Sphinx 2.2 does not try a shard's other mirror within a query when the one it chose
   * is down (its retries go to the same mirror), so a query that misses a shard is run
   * again, up to once per replica and once more: the head picks another mirror each time, and marks the
   * dead one. A shard still missing after that is down.
   */
  private async select (sql: string): Promise<{ rows: Row[], total: number, missingShards: number[] }> {
    const attempts = Math.max(...this.connection.topology.shards.map(replicas => replicas.length)) + 1
    let last: { rows: Row[], total: number, missingShards: number[] } | undefined
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        last = await this.connection.head.withConnection(async connection => {
          const rows = await runQuery(connection, sql)
          const meta = new Map((await runQuery(connection, 'SHOW META')).map(row => [String(row.Variable_name), String(row.Value)]))
          return { rows, total: Number(meta.get('total_found') ?? 0), missingShards: this.missingShards(meta.get('warning')) }
        })
      } catch (error) {
        // Every agent failed: Sphinx answers with an error naming them.
        const missing = isZhsearchError(error) && error.code === 'CLUSTER_ERROR' ? this.missingShards(error.message) : []
        if (missing.length === 0) throw error
        last = { rows: [], total: 0, missingShards: missing }
      }
      if (last.missingShards.length === 0) return last
    }
    if (last!.missingShards.length === this.connection.shardCount) throw createError('CLUSTER_ERROR', `no shard of the search cluster at ${this.connection.head.name} answers; see \`zhsearch stats --engine …\``)
    return last!
  }

  /** Fetches every candidate, keeps those passing the text checks, and pages and counts here. */
  private async findChecked (where: string, options: string, checks: readonly TextCheck[], request: { limit: number, offset: number }, facets: boolean): Promise<FoundPage> {
    const { rows, missingShards } = await this.select(`SELECT id, article, WEIGHT() AS score FROM ${CLUSTER_INDEX} WHERE ${where} ORDER BY score DESC, id ASC LIMIT 0, ${MAX_CHECKED} ${options}`)
    const kept = rows.map(toFoundRow).filter(row => checks.every(check => this.contains(row.article, check) !== check.negated))
    const authors = new Map<string, number>()
    const sources = new Map<string, number>()
    if (facets) {
      for (const { article } of kept) {
        for (const person of peopleOf(article)) authors.set(person, (authors.get(person) ?? 0) + 1)
        if (article.source !== undefined && article.source !== '') sources.set(article.source, (sources.get(article.source) ?? 0) + 1)
      }
    }
    return {
      rows: kept.slice(request.offset, request.offset + request.limit),
      total: kept.length,
      facets: {
        authors: topCounts([...authors].map(([value, count]) => ({ value, count }))),
        sources: topCounts([...sources].map(([value, count]) => ({ value, count }))),
      },
      missingShards,
    }
  }

  /** The shards named in Sphinx's warning about agents that did not answer. */
  private missingShards (warning: string | undefined): number[] {
    if (warning === undefined) return []
    const shards = new Set<number>()
    for (const match of warning.matchAll(/agent ([^\s:]+:\d+)/g)) {
      const shard = this.connection.shardOfAgent(match[1]!)
      if (shard !== undefined) shards.add(shard)
    }
    return [...shards].sort((a, b) => a - b)
  }

  private contains (article: Article, check: TextCheck): boolean {
    return check.fields.some((field: TextField) => this.analyzer.normalizeTerm(article[field] ?? '').includes(check.text))
  }

  private stored (text: string | undefined): StoredText {
    const normalized = this.analyzer.normalize(text ?? '')
    return { normalized: normalized.text, patches: diffNormalized(normalized) }
  }

  /** A hit as the embedded engine makes it; without terms, no snippets and plain (escaped) highlights. */
  private toHit ({ article, score }: FoundRow, terms: readonly string[] | undefined): SearchHit {
    const mark = (text: string): string => highlightStored(this.stored(text), terms ?? [])
    const { id, title, kicker, byline, reporters, correspondents, author, source, date, url, origin } = article
    return {
      id,
      title,
      score,
      ...(kicker !== undefined && kicker !== '' ? { kicker } : {}),
      ...(byline !== undefined && byline !== '' ? { byline } : {}),
      ...(reporters !== undefined ? { reporters } : {}),
      ...(correspondents !== undefined ? { correspondents } : {}),
      ...(author !== undefined ? { author } : {}),
      ...(source !== undefined ? { source } : {}),
      ...(date !== undefined ? { date } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(origin !== undefined ? { origin } : {}),
      snippets: terms === undefined ? [] : buildSnippets(this.stored(article.body), terms, { maxFragments: this.options.maxSnippets, length: this.options.snippetLength }),
      highlights: {
        title: mark(title),
        ...(kicker !== undefined && kicker !== '' ? { kicker: mark(kicker) } : {}),
        ...(byline !== undefined && byline !== '' ? { byline: mark(byline) } : {}),
      },
    }
  }
}

interface FoundRow {
  article: Article
  score: number
}

interface FoundPage {
  rows: FoundRow[]
  total: number
  facets: { authors: FacetCount[], sources: FacetCount[] }
  /** Shards none of whose replicas answered. */
  missingShards: number[]
}

function toFoundRow (row: Row): FoundRow {
  return { article: JSON.parse(String(row.article)) as Article, score: Number(row.score) / 1000 }
}

/** A MATCH() argument: the expression is made of tokens and operators only (translate-query.ts checks it). */
function sqlMatch (expression: string): string {
  return `'${expression}'`
}

/** The request's metadata filters as conditions on attributes (numbers only: keys of the values). */
function filterConditions (request: SearchRequest): string[] {
  const conditions: string[] = []
  if (request.author !== undefined) conditions.push(`people = ${stringKey(request.author)}`)
  if (request.source !== undefined) conditions.push(`source_key = ${stringKey(request.source)}`)
  if (request.dateFrom !== undefined || request.dateTo !== undefined) conditions.push('date_key > 0')
  if (request.dateFrom !== undefined) conditions.push(`date_key >= ${dateKey(request.dateFrom)}`)
  if (request.dateTo !== undefined) conditions.push(`date_key <= ${dateToKey(request.dateTo)}`)
  return conditions
}

/** Counts most frequent first, then by value, FACET_LIMIT of them (as the embedded engine's countFacets). */
function topCounts (counts: FacetCount[]): FacetCount[] {
  return counts
    .filter(count => count.value !== '')
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, FACET_LIMIT)
}
