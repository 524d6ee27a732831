import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { z } from 'zod'
import { checkFreshness, DEFAULT_OPEN_TIMEOUT_MS, type EngineOptions, isZhsearchError, openSearcher, parseEngineAddress, reindex, type Searcher, SYNONYMS_FILE } from '../internal.js'
import { createServerLogger, type LogFormat } from './server-logger.js'
import { nonEmpty, setting } from './settings.js'
import { createApp, type AppOptions } from './create-app.js'
import { EngineHandle } from './engine-handle.js'
import { answerParserErrors } from './parser-errors.js'
import { type ChildSummary, reindexInChild } from './reindex-process.js'

/** Port used when neither the options nor `PORT` give one. */
export const DEFAULT_PORT = 3000
/**
 * Host used when neither the options nor `HOST` give one: the IPv4 loopback, so the
 * page is reachable as http://localhost:3000 (browsers and curl fall back from ::1 to
 * 127.0.0.1) and nothing is exposed to the network unless asked for with HOST=0.0.0.0.
 */
export const DEFAULT_HOST = '127.0.0.1'
/** How long a graceful shutdown waits for requests in flight before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000

/** Options of {@link startServer}; only `indexDir` is required. */
export interface StartServerOptions {
  /** The index folder to serve (and to watch for new indexes). */
  indexDir: string
  /** The corpus folder the index is built from; needed for `reindexIfStale`. */
  corpusDir?: string
  /** Defaults to the `PORT` environment variable, else 3000. `0` picks a free port. */
  port?: number
  /** Defaults to the `HOST` environment variable, else 127.0.0.1. */
  host?: string
  /**
   * Before serving, reindex `corpusDir` into `indexDir` when the index is missing, cannot
   * be read, or no longer matches the corpus. Defaults to `false`.
   */
  reindexIfStale?: boolean
  /**
   * With `reindexIfStale`: `indexDir` may hold other files than an index (a README), which
   * the reindex never touches; without it such a folder is refused (INDEX_DIR_NOT_EMPTY),
   * as by `reindex`. Defaults to `false`.
   */
  allowOtherFiles?: boolean
  /** pino level: fatal, error, warn, info, debug, trace or silent. Defaults to `LOG_LEVEL`, else info. */
  logLevel?: string
  /**
   * How log lines on stderr look: `pretty`, one readable line per event (local time, level,
   * message; requests as `GET /api/search?q=… 200 3 ms`), or `json`, one JSON object per
   * line for log collectors. Defaults to `LOG_FORMAT`, else `pretty` when stderr is a
   * terminal and `json` when it is not.
   */
  logFormat?: LogFormat
  /** Passed on to {@link createApp} (rate limit, page folder, trust proxy). */
  app?: Omit<AppOptions, 'logger'>
  /**
   * Install SIGTERM/SIGINT (graceful shutdown) and SIGHUP (reload) handlers. Defaults to
   * `true`; tests that start several servers in one process turn it off.
   */
  handleSignals?: boolean
  /** A search cluster to serve (`sphinxql://HOST:PORT`) instead of `indexDir`. Absent by default. */
  engine?: string
  /** Options of the engines opened over `indexDir` (the query time budget, pinyin, snippets). Library defaults otherwise. */
  engineOptions?: Omit<EngineOptions, 'userWords'>
  /**
   * Search `indexDir` on a worker thread (WorkerSearcher), so the server's own thread keeps
   * accepting connections while searches keep a core busy. Defaults to `true`.
   */
  searchThread?: boolean
  /**
   * An open of the index on the search thread (at start or on a reload) that takes longer
   * than this many milliseconds is abandoned: at start the server fails with
   * INDEX_OPEN_TIMEOUT, on a reload the previous index keeps serving and the next reload
   * can run. `0` for no deadline. Defaults to DEFAULT_OPEN_TIMEOUT_MS (60 s).
   */
  reloadTimeoutMs?: number
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:3000/`. */
  url: string
  port: number
  /** Stops accepting connections, lets requests in flight finish, stops watching the index. */
  close (): Promise<void>
  /** The live engine holder (for reloading by hand). */
  handle: EngineHandle
}

const PortSchema = z.coerce.number({ error: 'the port must be a number from 0 to 65535' }).int('the port must be a whole number').min(0).max(65_535, 'the port must be at most 65535')

/**
 * Starts the search server: opens (or first builds) the index, listens, watches the
 * index folder for new builds, and shuts down gracefully on SIGTERM/SIGINT.
 *
 * @example
 * ```ts
 * const server = await startServer({ indexDir: 'index', corpusDir: 'corpus', reindexIfStale: true })
 * console.log(`open ${server.url}`)
 * ```
 */
export async function startServer (options: StartServerOptions): Promise<RunningServer> {
  const port = setting(PortSchema, options.port ?? nonEmpty(process.env.PORT) ?? DEFAULT_PORT, options.port !== undefined ? 'port' : 'PORT')
  const host = options.host ?? nonEmpty(process.env.HOST) ?? DEFAULT_HOST
  const logger = await createServerLogger(options)

  const reloadTimeoutMs = options.reloadTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS
  const openIndex = (dir: string): Promise<Searcher> => openSearcher(dir, { ...options.engineOptions, thread: options.searchThread !== false, openTimeoutMs: reloadTimeoutMs })
  const engine: Searcher = options.engine !== undefined ? await openCluster(options.engine) : await openOrBuild(options, openIndex, logger)
  // Load Jieba's dictionary before listening, so /healthz says ok only when a search
  // answers at full speed (the first would otherwise take a second or more).
  await engine.ready()
  const synonymsFile = options.corpusDir !== undefined ? join(options.corpusDir, SYNONYMS_FILE) : undefined
  const handle = new EngineHandle({ indexDir: options.indexDir, engine, logger, synonymsFile, openEngine: openIndex, reloadTimeoutMs })
  await handle.loadSynonyms()
  handle.watchSynonyms()
  if (options.engine === undefined) handle.watch()
  const app = createApp(handle, { ...options.app, logger })

  const server = await listen(app, port, host)
  const address = server.address() as AddressInfo
  const url = `http://${urlHost(address)}:${address.port}/`
  logger.info({ url, documents: engine.size, indexDir: options.indexDir }, `zhsearch is serving ${url}`)

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      removeSignalHandlers()
      handle.unwatch()
      await shutDown(server)
      if (handle.ready) await handle.engine.close()
      logger.info('server closed')
    })()
    return closing
  }

  const onStop = (signal: NodeJS.Signals): void => {
    if (closing !== undefined) {
      // A second Ctrl-C means "now".
      logger.warn({ signal }, 'stopping immediately')
      process.exit(1)
    }
    logger.info({ signal }, 'shutting down: finishing requests in flight')
    // Connections are cut after the grace period; this is the last resort if even that hangs.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 2_000).unref()
    close().then(
      () => process.exit(),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  const onHangUp = (): void => {
    if (options.engine !== undefined) {
      logger.info({ engine: options.engine }, 'SIGHUP: serving a search cluster; nothing to reload here (reindex the cluster instead)')
      return
    }
    logger.info({ indexDir: options.indexDir }, 'SIGHUP: checking the index for a new build')
    // The handle logs what came of it: loaded, unchanged or refused.
    void handle.reload('SIGHUP')
  }
  const handleSignals = options.handleSignals ?? true
  if (handleSignals) {
    process.on('SIGTERM', onStop)
    process.on('SIGINT', onStop)
    process.on('SIGHUP', onHangUp)
  }
  function removeSignalHandlers (): void {
    process.off('SIGTERM', onStop)
    process.off('SIGINT', onStop)
    process.off('SIGHUP', onHangUp)
  }

  return { url, port: address.port, close, handle }
}

/** The cluster at `address`: a cluster's address (`sphinxql://HOST:PORT`), never a folder (INVALID_ENGINE). */
async function openCluster (address: string): Promise<Searcher> {
  parseEngineAddress(address)
  return openSearcher(address)
}

/**
 * The engine to serve. With `reindexIfStale`, a missing, unreadable or stale index is
 * rebuilt from the corpus first; otherwise the index is opened as it is, and a stale one
 * only earns a warning.
 */
async function openOrBuild (options: StartServerOptions, openIndex: (dir: string) => Promise<Searcher>, logger: Logger): Promise<Searcher> {
  const { indexDir, corpusDir } = options
  if (corpusDir === undefined) return openIndex(indexDir)
  const allowOtherFiles = options.allowOtherFiles === true
  let reasons: string[]
  // An index that cannot be read or opened is rebuilt from scratch, never read again (its
  // open may be what never ends).
  let full = false
  try {
    reasons = (await checkFreshness(corpusDir, indexDir)).reasons
  } catch (error) {
    if (!isZhsearchError(error)) throw error
    if (error.code === 'CORPUS_NOT_FOUND' || error.code === 'CORPUS_NOT_A_FOLDER') {
      // No corpus here (an index served on its own): nothing to compare it with, which
      // does not make it out of date.
      logger.info({ corpusDir, indexDir }, `no corpus folder at ${corpusDir}: serving the index as it is, without checking it against a corpus`)
      return openIndex(indexDir)
    }
    reasons = [error.code === 'INDEX_NOT_FOUND' ? 'there is no index yet' : `the index cannot be read (${error.code})`]
    full = error.code !== 'INDEX_NOT_FOUND'
  }
  if (reasons.length === 0 || options.reindexIfStale !== true) {
    if (reasons.length > 0) logger.warn({ reasons }, 'the index is out of date with the corpus; run `zhsearch reindex`')
    try {
      return await openIndex(indexDir)
    } catch (error) {
      // An index that cannot be opened although its manifest looked fresh (a damaged
      // build folder): rebuild when allowed, else report it.
      if (options.reindexIfStale !== true || !isZhsearchError(error)) throw error
      reasons = [`the index cannot be opened (${error.code})`]
      full = true
    }
  }
  logger.info({ reasons, corpusDir, indexDir }, 'indexing the corpus before serving')
  // Searching on this thread, the server needs Jieba here anyway: the reindex's engine is
  // served. Searching on a search thread, the reindex runs in a child process, so the
  // dictionary it loads is not kept for the server's life.
  const report = (summary: ChildSummary): void => {
    logger.info({ mode: summary.mode, documents: summary.documents, problems: summary.problems.length, ms: summary.ms }, 'index ready')
    for (const problem of summary.problems) logger.warn({ problem }, 'corpus file skipped')
  }
  if (options.searchThread === false) {
    const summary = await reindex({ corpusDir, indexDir, full, allowOtherFiles, engineOptions: options.engineOptions })
    report(summary)
    return summary.engine
  }
  report(await reindexInChild({ corpusDir, indexDir, full, allowOtherFiles }))
  return await openIndex(indexDir)
}

function listen (app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error !== undefined) reject(error)
      else resolve(server)
    })
    // Old Node versions report listen errors through 'error' rather than the callback.
    server.once('error', reject)
    answerParserErrors(server)
  })
}

/**
 * Stops accepting connections, closes idle keep-alive connections at once, and waits
 * for requests in flight; connections still busy after the grace period are cut.
 */
async function shutDown (server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    server.close(error => error !== undefined ? reject(error) : resolve())
  })
  server.closeIdleConnections()
  const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS)
  force.unref()
  try {
    await closed
  } finally {
    clearTimeout(force)
  }
}


/** The host part of the URL to print: loopback and wildcard addresses read as localhost. */
function urlHost (address: AddressInfo): string {
  if (address.address === '0.0.0.0' || address.address === '::') return 'localhost'
  return address.family === 'IPv6' ? `[${address.address}]` : address.address
}
