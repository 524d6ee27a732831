import { once } from 'node:events'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Express } from 'express'
import { type Logger, pino } from 'pino'
import { reindex, type SearchEngine, SYNONYMS_FILE } from '../../src/internal.js'
import { createApp, type AppOptions } from '../../src/server/create-app.js'
import { EngineHandle } from '../../src/server/engine-handle.js'

/** The repository's default corpus folder. */
export const DEFAULT_CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url))

/** An index of the default corpus in a temporary folder, and an app serving it. */
export interface ServerFixture {
  /** A temporary folder holding `corpus/` (a copy of the default corpus) and `index/`. */
  root: string
  corpusDir: string
  indexDir: string
  engine: SearchEngine
  handle: EngineHandle
  app: Express
  cleanup (): Promise<void>
}

/** Options of {@link serverFixture}: the app's, and what to index. */
export interface ServerFixtureOptions extends AppOptions {
  /** Watch the index folder and reload on changes. Defaults to `false`. */
  watch?: boolean
  /** The corpus files to index (name → content). Defaults to a copy of the default corpus. */
  corpus?: Record<string, string>
}

/**
 * Copies the default corpus (or writes `options.corpus`) into a temporary folder,
 * indexes it there with `reindex` (as `zhsearch reindex` would) and builds the app on
 * it. Each test file builds one; the copy lets hot-reload tests change the corpus
 * without touching the repository.
 */
export async function serverFixture (options: ServerFixtureOptions = {}): Promise<ServerFixture> {
  const root = await mkdtemp(join(tmpdir(), 'zhsearch-http-'))
  const corpusDir = join(root, 'corpus')
  const indexDir = join(root, 'index')
  if (options.corpus === undefined) {
    await cp(DEFAULT_CORPUS, corpusDir, { recursive: true })
  } else {
    await mkdir(corpusDir)
    for (const [name, content] of Object.entries(options.corpus)) await writeFile(join(corpusDir, name), content)
  }
  const { engine } = await reindex({ corpusDir, indexDir })
  const logger = options.logger ?? pino({ level: 'silent' })
  const handle = new EngineHandle({ indexDir, engine, logger, debounceMs: 50, synonymsFile: join(corpusDir, SYNONYMS_FILE) })
  if (options.watch === true) {
    handle.watch()
    handle.watchSynonyms()
  }
  const app = createApp(handle, { ...options, logger })
  return {
    root,
    corpusDir,
    indexDir,
    engine,
    handle,
    app,
    cleanup: async () => {
      handle.unwatch()
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** A logger that keeps what it writes, to check what the server logs (and what it must not). */
export function memoryLogger (): { logger: Logger, lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const logger = pino({ level: 'info' }, { write: (chunk: string) => { chunks.push(chunk) } })
  return { logger, lines: () => chunks.join('').split('\n').filter(line => line !== '').map(line => JSON.parse(line) as Record<string, unknown>) }
}

/** An app listening on a free loopback port, for a real browser to load. */
export async function listen (app: Express): Promise<{ url: string, close (): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close(error => { if (error === undefined) resolve(); else reject(error) }))
    },
  }
}
