import { type QueryAnalyzer, type SearchBackend, type SearchContext, type StoredDocument } from '../searcher/backend.js'
import type { ClusterConnection } from './cluster-connection.js'
import type { ClusterGeneration } from './cluster-manifest.js'
import { parseStoredRow } from './cluster-schema.js'
import { ClusterSearch } from './cluster-search.js'
import { storedByKeyStatement } from './cluster-statements.js'
import { NAMES_INDEX } from './cluster-vocabulary.js'
import { stringKey } from './sphinx-terms.js'

/**
 * The cluster as a backend of the one query lifecycle (src/searcher/backend.ts): each
 * primitive is a few SphinxQL statements, sent to one replica of every shard at once (one
 * round trip per primitive; a shard's statements split over its connections), answered
 * exactly as the embedded segments answer (cluster-statements.ts). Names of authors and
 * sources, and the vocabulary, come from the head.
 */
export class ClusterBackend implements SearchBackend {
  readonly analyzer: QueryAnalyzer
  private readonly connection: ClusterConnection
  private current: ClusterGeneration
  private names = new Map<string, string>()

  constructor (connection: ClusterConnection, analyzer: QueryAnalyzer, generation: ClusterGeneration) {
    this.connection = connection
    this.analyzer = analyzer
    this.current = generation
  }

  get generation (): ClusterGeneration {
    return this.current
  }

  /** Switches to a newer published generation (searches begun before keep theirs). */
  useGeneration (generation: ClusterGeneration): void {
    if (generation.manifest.generation !== this.current.manifest.generation) this.names = new Map()
    this.current = generation
  }

  begin (): SearchContext {
    return new ClusterSearch(this.connection, this.current, keys => this.namesOf(keys))
  }

  async storedById (id: string): Promise<StoredDocument | undefined> {
    const key = stringKey(id)
    const { numbers } = this.current
    const answers = await Promise.all(this.connection.topology.shards.map((_, shard) => this.connection.onShard(shard, replica => replica.batch([storedByKeyStatement(key)]))))
    for (const answer of answers) {
      for (const row of answer?.value[0] ?? []) {
        if (numbers.number(String(row[0])) < 0) continue
        const document = parseStoredRow(String(row[1]))
        if (document.id === id) return document
      }
    }
    return undefined
  }

  /** Names of facet keys (people, sources), from the head, cached per generation. */
  private async namesOf (keys: readonly string[]): Promise<Map<string, string>> {
    const unknown = keys.filter(key => !this.names.has(key))
    if (unknown.length > 0) {
      const names = this.names
      const rows = await this.connection.head.batch([`SELECT id, value FROM ${NAMES_INDEX} WHERE id IN (${unknown.join(',')}) LIMIT 0, ${unknown.length} OPTION max_matches=${unknown.length}`])
      for (const row of rows[0]!) names.set(String(row[0]), String(row[1]))
    }
    return this.names
  }
}

