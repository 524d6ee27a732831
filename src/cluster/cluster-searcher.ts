import { type Analyzer, createAnalyzer } from '../analysis/analyzer.js'
import { readSynonyms, SynonymTable } from '../analysis/synonyms.js'
import { createError } from '../errors.js'
import { DEFAULT_OPTIONS, type EngineOptions, resolveOptions, type ResolvedEngineOptions } from '../options.js'
import type { Suggestions } from '../search/suggest.js'
import { runSearch, type SearchSettings } from '../searcher/run-search.js'
import { highlightDocument, readDocument, runSuggest } from '../searcher/run-suggest.js'
import type { HighlightedDocument, Searcher, SearcherHealth, SearcherStats } from '../searcher/searcher.js'
import type { Article, SearchRequest, SearchResponse } from '../types.js'
import { ClusterBackend } from './cluster-backend.js'
import { ClusterConnection, type ShardStatus, within } from './cluster-connection.js'
import { type ClusterManifest, clusterGeneration, emptyManifest } from './cluster-manifest.js'
import { VOCABULARY_SIZE } from './cluster-vocabulary.js'

/** How long a health check waits for each node (a load balancer's check must not wait for a connect timeout). */
const HEALTH_TIMEOUT_MS = 2000

/** Options of a cluster searcher. */
export interface ClusterSearcherOptions extends Omit<EngineOptions, 'userWords'> {
  /**
   * Words of the corpus's user dictionary, so that queries are cut as the articles were.
   * Defaults to those the last reindex recorded in the cluster (and follows them when a
   * reindex changes them).
   */
  userWords?: readonly string[]
}

/**
 * A Searcher over a SphinxQL cluster (Manticore 6, or Sphinx 2.2): shards of RT indexes,
 * each with its replicas, and a head holding the manifest and the vocabulary. It runs the
 * one query lifecycle (searcher/run-search.ts) over the cluster's primitives
 * (cluster-backend.ts), so it answers as the embedded engine does: the same hits, scores,
 * order, totals, facets, snippets, suggestions and pinyin. A shard none of whose replicas
 * answers leaves its articles out and marks the answer `partial`, naming it in
 * `missingShards`; the head not answering is ENGINE_UNREACHABLE.
 *
 * ### Basic example
 * ```ts
 * const searcher = await ClusterSearcher.connect('sphinxql://127.0.0.1:9306')
 * const { hits, partial } = await searcher.search('工会')
 * await searcher.close()
 * ```
 */
export class ClusterSearcher implements Searcher {
  readonly connection: ClusterConnection
  private backend: ClusterBackend
  private analyzer: Analyzer
  private synonymTable = SynonymTable.EMPTY
  private readonly options: ResolvedEngineOptions
  private readonly fixedUserWords: boolean
  /** The generation check under way, shared by the searches that start while it runs. */
  private checking: Promise<void> | undefined
  private closed = false
  /** Words of the vocabulary, counted when a generation is read. */
  private terms = 0

  private constructor (connection: ClusterConnection, analyzer: Analyzer, manifest: ClusterManifest, options: ResolvedEngineOptions, fixedUserWords: boolean) {
    this.connection = connection
    this.analyzer = analyzer
    this.backend = new ClusterBackend(connection, analyzer, clusterGeneration(manifest))
    this.options = options
    this.fixedUserWords = fixedUserWords
  }

  /** Connects to the cluster whose head answers at `address`; throws ENGINE_UNREACHABLE naming it when it does not. */
  static async connect (address: string, options: ClusterSearcherOptions = {}): Promise<ClusterSearcher> {
    const connection = await ClusterConnection.open(address)
    try {
      const manifest = await connection.readManifest()
      const userWords = options.userWords ?? manifest?.userWords ?? DEFAULT_OPTIONS.userWords
      const resolved = resolveOptions({ ...options, userWords })
      const analyzer = createAnalyzer({ userWords: resolved.userWords })
      const published = manifest ?? emptyManifest(analyzer.fingerprint, resolved.userWords, '')
      const searcher = new ClusterSearcher(connection, analyzer, published, resolved, options.userWords !== undefined)
      await searcher.countTerms()
      return searcher
    } catch (error) {
      await connection.close()
      throw error
    }
  }

  get size (): number {
    return this.backend.generation.manifest.documents
  }

  /** A cluster's index is no folder: its own manifest is on the head ({@link clusterManifest}). */
  get manifest (): undefined {
    return undefined
  }

  /** The manifest of the generation searches read now. */
  get clusterManifest (): ClusterManifest {
    return this.backend.generation.manifest
  }

  async ready (): Promise<void> {
    this.analyzer.warmUp()
    await this.refresh()
  }

  /**
   * Reads the published generation from the head and switches to it when a reindex (in
   * any process) published a newer one; returns every shard's health and document count.
   */
  async refresh (): Promise<ShardStatus[]> {
    const [status] = await Promise.all([this.connection.shardStatus(), this.checkGeneration()])
    return status
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
    const status = await this.connection.shardStatus({ timeoutMs: HEALTH_TIMEOUT_MS })
    const down = status.filter(shard => shard.replicas.every(replica => !replica.up))
    if (down.length === 0) return { status: 'ok', documents: this.size }
    const replicas = down.flatMap(shard => shard.replicas.map(replica => `${replica.name} at ${replica.address}`))
    return {
      status: 'unavailable',
      reason: `${down.length === 1 ? 'shard' : 'shards'} ${down.map(shard => shard.shard).join(', ')} of the search cluster at ${head.name} ${down.length === 1 ? 'does' : 'do'} not answer (${replicas.join(', ')}): searches would miss ${down.length === 1 ? 'its' : 'their'} articles`,
      documents: this.size,
      missingShards: down.map(shard => shard.shard),
    }
  }

  stats (): SearcherStats {
    const { manifest } = this.backend.generation
    return {
      documents: manifest.documents,
      terms: this.terms,
      segments: this.connection.shardCount,
      ...(manifest.generation > 0 ? { builtAt: manifest.builtAt } : {}),
      analyzerFingerprint: this.analyzer.fingerprint,
    }
  }

  async loadSynonyms (path: string): Promise<SynonymTable> {
    this.synonymTable = await readSynonyms(path, this.analyzer.normalizeTerm)
    return this.synonymTable
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.connection.close()
  }

  /**
   * The lifecycle over the shards; the head is asked at the same time whether a newer
   * generation was published (the next search reads it), and must answer: a search
   * without the head would read a generation nobody can say is current.
   */
  async search (request: string | SearchRequest): Promise<SearchResponse> {
    this.checkOpen()
    const check = this.checkGeneration()
    const [response] = await Promise.all([runSearch(this.backend, request, this.settings()), check])
    if (response.missingShards?.length === this.connection.shardCount) {
      throw createError('CLUSTER_ERROR', `no shard of the search cluster at ${this.connection.head.name} answers; see \`zhsearch stats --engine …\``)
    }
    return response
  }

  async suggest (prefix: string, limit?: number): Promise<Suggestions> {
    this.checkOpen()
    const [suggestions] = await Promise.all([runSuggest(this.backend, prefix, limit, this.settings()), this.checkGeneration()])
    return suggestions
  }

  async getDocument (id: string): Promise<Article | undefined> {
    this.checkOpen()
    if (typeof id !== 'string') throw createError('INVALID_REQUEST', 'getDocument() takes an article id (a string)')
    return readDocument(this.backend, id)
  }

  async highlightDocument (id: string, query = ''): Promise<HighlightedDocument | undefined> {
    this.checkOpen()
    if (typeof id !== 'string') throw createError('INVALID_REQUEST', 'highlightDocument() takes an article id (a string)')
    return highlightDocument(this.backend, id, query, this.settings())
  }

  private settings (): SearchSettings {
    return { options: this.options, synonyms: this.synonymTable }
  }

  private checkOpen (): void {
    if (this.closed) throw createError('SEARCHER_STOPPED', `the connection to the search cluster at ${this.connection.head.name} was closed`)
  }

  /** Switches to the generation the head publishes, if it is another one (one check at a time). */
  private checkGeneration (): Promise<void> {
    this.checking ??= (async () => {
      try {
        const generation = await this.connection.readGeneration()
        if (generation === this.backend.generation.manifest.generation) return
        const manifest = await this.connection.readManifest()
        if (manifest === undefined) return
        this.useManifest(manifest)
        await this.countTerms()
      } finally {
        this.checking = undefined
      }
    })()
    return this.checking
  }

  private async countTerms (): Promise<void> {
    const [rows] = await this.connection.head.batch([VOCABULARY_SIZE])
    this.terms = Number(rows?.[0]?.[0] ?? 0)
  }

  /** Reads a newly published manifest: a new analyzer too when the reindex changed the user dictionary. */
  private useManifest (manifest: ClusterManifest): void {
    const generation = clusterGeneration(manifest)
    if (this.fixedUserWords || manifest.analyzerFingerprint === this.analyzer.fingerprint) {
      this.backend.useGeneration(generation)
      return
    }
    this.analyzer = createAnalyzer({ userWords: manifest.userWords })
    this.backend = new ClusterBackend(this.connection, this.analyzer, generation)
  }
}
