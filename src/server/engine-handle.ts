import { EventEmitter } from 'node:events'
import { type FSWatcher, unwatchFile, watch, watchFile } from 'node:fs'
import type { Logger } from 'pino'
import { MANIFEST_FILE, SearchEngine, type Searcher, WorkerSearcher } from '../index.js'
import { HttpError } from './http-error.js'

/** What one reload attempt did. */
export type ReloadResult =
  | { status: 'reloaded', build: string | undefined, documents: number }
  | { status: 'unchanged', build: string | undefined }
  | { status: 'refused', error: Error }

/** How to open an index folder; tests replace it to simulate slow or failing loads. */
export type OpenEngine = (indexDir: string) => Promise<Searcher>

/** Options of {@link EngineHandle}. */
export interface EngineHandleOptions {
  indexDir: string
  /**
   * The engine to start with; without one, the handle serves 503 until `reload()` succeeds.
   * A cluster searcher (`--engine`) is served as it is: the handle is not asked to watch.
   */
  engine?: Searcher
  logger: Logger
  /** Quiet time after the last change event before reloading. Defaults to 150 ms. */
  debounceMs?: number
  openEngine?: OpenEngine
  /**
   * A synonyms file (the corpus folder's `synonyms.txt`) every engine the handle serves
   * expands queries with; re-read when it changes. Defaults to none.
   */
  synonymsFile?: string
}

/** How often the synonyms file is checked for changes. */
const SYNONYMS_POLL_MS = 1000

/**
 * Holds the engine the server answers with, and replaces it when a new index appears.
 *
 * A request reads `handle.engine` once and uses that engine to the end, so a swap never
 * changes the engine under a request in flight: the old engine stays alive for as long
 * as a request holds it, and the garbage collector frees it afterwards. The new index is
 * opened completely (manifest, format, analyzer fingerprint, data) before the swap, so a
 * corrupt or incompatible index is refused, logged, and the old engine keeps serving.
 *
 * Emits `reload` with a {@link ReloadResult} after every attempt.
 */
export class EngineHandle extends EventEmitter {
  readonly indexDir: string
  private current: Searcher | undefined
  private readonly logger: Logger
  private readonly debounceMs: number
  private readonly openEngine: OpenEngine
  private watcher: FSWatcher | undefined
  private debounceTimer: NodeJS.Timeout | undefined
  private running: Promise<ReloadResult> | undefined
  private queued: Promise<ReloadResult> | undefined
  private loadedAtMs: number
  private reloadCount = 0
  private readonly synonymsFile: string | undefined

  constructor (options: EngineHandleOptions) {
    super()
    this.indexDir = options.indexDir
    this.current = options.engine
    this.logger = options.logger
    this.debounceMs = options.debounceMs ?? 150
    this.openEngine = options.openEngine ?? (dir => SearchEngine.open(dir))
    this.loadedAtMs = Date.now()
    this.synonymsFile = options.synonymsFile
  }

  /**
   * Reads the synonyms file into the live engine (the next searches use it). A file that
   * cannot be read leaves the synonyms as they were; lines that cannot be read are logged
   * with their number and skipped.
   */
  async loadSynonyms (engine: Searcher | undefined = this.current): Promise<void> {
    if (this.synonymsFile === undefined || engine === undefined) return
    try {
      const table = await engine.loadSynonyms(this.synonymsFile)
      for (const problem of table.problems) this.logger.warn({ file: this.synonymsFile, line: problem.line }, `synonyms: line ${problem.line} skipped: ${problem.message}`)
      if (table.rules > 0) this.logger.info({ file: this.synonymsFile, rules: table.rules }, 'synonyms loaded')
    } catch (error) {
      this.logger.error({ err: error, file: this.synonymsFile }, 'cannot read the synonyms file; the synonyms stay as they were')
    }
  }

  /** The live engine. Throws a 503 HttpError while no index is loaded. */
  get engine (): Searcher {
    if (this.current === undefined) throw new HttpError(503, 'INDEX_UNAVAILABLE', 'no search index is loaded yet; run `zhsearch reindex`')
    return this.current
  }

  /** Whether an index is loaded (for `/healthz`). */
  get ready (): boolean {
    return this.current !== undefined
  }

  /** When the live engine was loaded, and how many times it has been replaced. */
  get loadInfo (): { loadedAt: string, reloads: number } {
    return { loadedAt: new Date(this.loadedAtMs).toISOString(), reloads: this.reloadCount }
  }

  /**
   * Opens the index folder again and swaps to it if it holds a different build.
   * Reloads never overlap: a call made while one runs waits for it and then runs once
   * more (the index may have changed again meanwhile); calls made together share that run.
   */
  reload (): Promise<ReloadResult> {
    if (this.running === undefined) {
      this.running = this.load().finally(() => { this.running = undefined })
      return this.running
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined
      return this.reload()
    })
    return this.queued
  }

  /**
   * Watches the index folder and reloads shortly after `manifest.json` is replaced.
   * The folder is watched, not the file: reindex renames a new manifest over the old
   * one, and a watch on the old file would never see the new one.
   */
  watch (): void {
    if (this.watcher !== undefined) return
    try {
      this.watcher = watch(this.indexDir, { persistent: false }, (_event, filename) => {
        // Some platforms do not report the name; then any change may be the manifest.
        if (filename === null || filename === MANIFEST_FILE) this.scheduleReload()
      })
      this.watcher.on('error', error => {
        this.logger.warn({ err: error, indexDir: this.indexDir }, 'stopped watching the index folder; reload with SIGHUP')
        this.unwatch()
      })
    } catch (error) {
      this.logger.warn({ err: error, indexDir: this.indexDir }, 'cannot watch the index folder; reload with SIGHUP')
    }
  }

  /** Re-reads the synonyms file when it changes (polled: it may not exist yet, and editors replace files). */
  watchSynonyms (): void {
    if (this.synonymsFile === undefined) return
    watchFile(this.synonymsFile, { interval: SYNONYMS_POLL_MS, persistent: false }, () => { void this.loadSynonyms() })
  }

  /** Stops watching and cancels a pending debounced reload. */
  unwatch (): void {
    clearTimeout(this.debounceTimer)
    this.debounceTimer = undefined
    if (this.synonymsFile !== undefined) unwatchFile(this.synonymsFile)
    this.watcher?.close()
    this.watcher = undefined
  }

  private scheduleReload (): void {
    clearTimeout(this.debounceTimer)
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined
      void this.reload()
    }, this.debounceMs)
  }

  private async load (): Promise<ReloadResult> {
    let result: ReloadResult
    try {
      const engine = await this.openEngine(this.indexDir)
      await this.loadSynonyms(engine)
      const build = manifestOf(engine)?.build
      if (this.current !== undefined && build !== undefined && build === manifestOf(this.current)?.build) {
        result = { status: 'unchanged', build }
      } else {
        if (this.current !== undefined) this.reloadCount++
        const previous = this.current
        this.current = engine
        // A searcher on its own thread closes once the requests that hold it are answered.
        if (previous instanceof WorkerSearcher) previous.retire()
        this.loadedAtMs = Date.now()
        result = { status: 'reloaded', build, documents: engine.size }
        this.logger.info({ build, documents: engine.size }, 'search index loaded')
      }
    } catch (error) {
      result = { status: 'refused', error: error as Error }
      this.logger.error({ err: error, indexDir: this.indexDir }, 'new index refused; the previous index keeps serving')
    }
    this.emit('reload', result)
    return result
  }
}

/** The manifest of an embedded engine's index on disk, on this thread or its own (a cluster has none). */
export function manifestOf (searcher: Searcher): SearchEngine['manifest'] {
  return searcher instanceof SearchEngine || searcher instanceof WorkerSearcher ? searcher.manifest : undefined
}
