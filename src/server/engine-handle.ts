import { EventEmitter } from 'node:events'
import { type FSWatcher, unwatchFile, watch, watchFile } from 'node:fs'
import type { Logger } from 'pino'
import { performance } from 'node:perf_hooks'
import { DEFAULT_OPEN_TIMEOUT_MS, isZhsearchError, MANIFEST_FILE, readManifest, SearchEngine, type Searcher } from '../internal.js'
import { HttpError } from './http-error.js'

/** What one reload attempt did. */
export type ReloadResult =
  | { status: 'reloaded', build: string | undefined, documents: number }
  | { status: 'unchanged', build: string | undefined }
  | { status: 'refused', error: Error }

/** The last reload attempt, for `/api/stats`. */
export interface LastReload {
  status: ReloadResult['status']
  /** What asked for it: `SIGHUP`, `manifest changed` (the watcher) or `requested`. */
  reason: string
  /** When it ended. */
  at: string
  ms: number
  build?: string
  /** The code of the error a refused index was refused with. */
  error?: string
}

/** How to open an index folder; tests replace it to simulate slow or failing loads. */
export type OpenEngine = (indexDir: string) => Promise<Searcher>

/** Options of {@link EngineHandle}. */
export interface EngineHandleOptions {
  indexDir: string
  /**
   * The engine to start with; without one, the handle serves 503 until `reload()` succeeds.
   * A cluster searcher (`--engine`) is served as it is: the handle is not asked to watch.
   * A searcher that reloads in place (`reload`: a WorkerSearcher, whose search thread
   * stays) is asked to; any other is replaced by a new one from `openEngine`.
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
  /**
   * A WorkerSearcher's reload that has not opened the new index after this many
   * milliseconds is abandoned (refused with INDEX_OPEN_TIMEOUT), so the next one can run.
   * `0` for no deadline. Defaults to DEFAULT_OPEN_TIMEOUT_MS (60 s). An engine on the
   * server's own thread opens there, where nothing can cut an open short.
   */
  reloadTimeoutMs?: number
}

/** How often the synonyms file is checked for changes. */
const SYNONYMS_POLL_MS = 1000

/**
 * Holds the engine the server answers with, and replaces its index when a new one appears.
 *
 * A request reads `handle.engine` once and makes one call on it, and each call is answered
 * from one index: a WorkerSearcher swaps its index between two searches on its thread,
 * and any other engine is replaced whole, the old one staying alive for as long as a
 * request holds it. The new index is opened completely (manifest, format, analyzer
 * fingerprint, data) before the swap, so a corrupt or incompatible index is refused,
 * logged, and the old one keeps serving; an open that outlives `reloadTimeoutMs` is
 * abandoned, so a hostile index cannot hold up the reloads after it.
 *
 * Emits `reload` with a {@link ReloadResult} after every attempt.
 */
export class EngineHandle extends EventEmitter {
  readonly indexDir: string
  private current: Searcher | undefined
  private readonly logger: Logger
  private readonly debounceMs: number
  private readonly openEngine: OpenEngine
  private readonly reloadTimeoutMs: number
  private watcher: FSWatcher | undefined
  private debounceTimer: NodeJS.Timeout | undefined
  private running: Promise<ReloadResult> | undefined
  private queued: Promise<ReloadResult> | undefined
  private queuedReason: string | undefined
  private loadedAtMs: number
  private reloadCount = 0
  private last: LastReload | undefined
  private readonly synonymsFile: string | undefined

  constructor (options: EngineHandleOptions) {
    super()
    this.indexDir = options.indexDir
    this.current = options.engine
    this.logger = options.logger
    this.debounceMs = options.debounceMs ?? 150
    this.openEngine = options.openEngine ?? (dir => SearchEngine.open(dir))
    this.reloadTimeoutMs = options.reloadTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS
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

  /** When the live index was loaded, how many times it has been replaced, and the last attempt. */
  get loadInfo (): { loadedAt: string, reloads: number, lastReload?: LastReload } {
    return { loadedAt: new Date(this.loadedAtMs).toISOString(), reloads: this.reloadCount, ...(this.last !== undefined ? { lastReload: this.last } : {}) }
  }

  /**
   * Opens the index folder again and swaps to it if it holds a different build (a folder
   * that holds the live build is `unchanged` after reading its manifest). Reloads never
   * overlap: a call made while one runs waits for it (at most `reloadTimeoutMs`) and then
   * runs once more (the index may have changed again meanwhile); calls made together
   * share that run. `reason` is logged with the outcome.
   */
  reload (reason = 'requested'): Promise<ReloadResult> {
    if (this.running === undefined) {
      this.running = this.load(reason).finally(() => { this.running = undefined })
      return this.running
    }
    this.queuedReason ??= reason
    this.queued ??= this.running.then(() => {
      const queuedReason = this.queuedReason ?? reason
      this.queued = undefined
      this.queuedReason = undefined
      return this.reload(queuedReason)
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
      void this.reload('manifest changed')
    }, this.debounceMs)
  }

  private async load (reason: string): Promise<ReloadResult> {
    const started = performance.now()
    let result: ReloadResult
    try {
      result = this.current?.reload !== undefined ? await this.reloadInPlace(this.current) : await this.replace(false)
    } catch (error) {
      result = { status: 'refused', error: error as Error }
    }
    const ms = Math.round(performance.now() - started)
    this.note(result, reason, ms)
    this.emit('reload', result)
    return result
  }

  /** A searcher that reloads in place (a WorkerSearcher, on its own threads); one whose search thread stopped is replaced. */
  private async reloadInPlace (searcher: Searcher): Promise<Extract<ReloadResult, { status: 'reloaded' | 'unchanged' }>> {
    try {
      return await searcher.reload!({ indexDir: this.indexDir, timeoutMs: this.reloadTimeoutMs })
    } catch (error) {
      if (!isZhsearchError(error) || error.code !== 'SEARCHER_STOPPED') throw error
      this.logger.warn({ err: error }, 'the search thread stopped; opening the index on a new one')
      return await this.replace(true)
    }
  }

  /**
   * Opens a new engine with `openEngine` and swaps to it (an engine on this thread, none
   * yet, or one that stopped: `force`).
   */
  private async replace (force: boolean): Promise<Extract<ReloadResult, { status: 'reloaded' | 'unchanged' }>> {
    const live = this.current !== undefined && !force ? this.current.manifest?.build : undefined
    if (live !== undefined && (await readManifest(this.indexDir)).build === live) return { status: 'unchanged', build: live }
    // An engine on this thread opens on this thread: only a WorkerSearcher's open has a deadline.
    const engine = await this.openEngine(this.indexDir)
    await this.loadSynonyms(engine)
    const build = engine.manifest?.build
    if (live !== undefined && build === live) {
      await engine.close()
      return { status: 'unchanged', build }
    }
    const previous = this.current
    this.current = engine
    if (previous !== undefined) await previous.close()
    return { status: 'reloaded', build, documents: engine.size }
  }

  /** Counts and logs an attempt. */
  private note (result: ReloadResult, reason: string, ms: number): void {
    const at = new Date().toISOString()
    if (result.status === 'reloaded') {
      this.reloadCount++
      this.loadedAtMs = Date.now()
      this.last = { status: 'reloaded', reason, at, ms, ...(result.build !== undefined ? { build: result.build } : {}) }
      this.logger.info({ reason, build: result.build, documents: result.documents, ms }, 'search index loaded')
    } else if (result.status === 'unchanged') {
      this.last = { status: 'unchanged', reason, at, ms, ...(result.build !== undefined ? { build: result.build } : {}) }
      this.logger.info({ reason, build: result.build, ms }, `${reason}: the index is unchanged (${result.build ?? 'same build'}); nothing to reload`)
    } else {
      const code = isZhsearchError(result.error) ? result.error.code : undefined
      this.last = { status: 'refused', reason, at, ms, ...(code !== undefined ? { error: code } : {}) }
      this.logger.error({ err: result.error, reason, indexDir: this.indexDir, ms }, 'new index refused; the previous index keeps serving')
    }
  }
}
