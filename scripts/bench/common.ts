/**
 * What the benchmarks and their child processes share: the zhsearch build under test (its
 * entries in dist/), the files a corpus is handed over in, and the text's size.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CLI, ROOT } from '../lib/paths.js'
import type { BenchArticle, BenchQuery } from './types.js'

/** The text fields zhsearch indexes and grep reads (`TEXT_FIELDS` of the library). */
export const FIELDS = ['title', 'kicker', 'byline', 'body'] as const

/** The files of one corpus in the work folder that the children read. */
export const WORK_FILES = {
  articles: 'articles.jsonl',
  queries: 'queries.json',
  /** grep's answers: see `encodeTruth` in truth.ts. */
  truth: 'truth.bin',
} as const

/** Throws the one line that says what to do when dist/ is not built. */
export function requireBuild (): void {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` first (the npm scripts of the benchmarks do)')
}

const fromDist = async <T>(path: string): Promise<T> => await import(pathToFileURL(join(ROOT, 'dist', path)).href) as T

/** The built library (dist/index.js), typed by its source: what ships is what is measured. */
export async function loadZhsearch (): Promise<typeof import('../../src/index.js')> {
  return await fromDist('index.js')
}

/**
 * The built server's entry (dist/server/start-server.js: the one the CLI starts `serve`
 * with), for what `zhsearch serve` has no option for: searching on the server's own
 * thread, a lifted rate limit in-process (serve.ts).
 */
export async function loadServer (): Promise<typeof import('../../src/server/start-server.js')> {
  return await fromDist('server/start-server.js')
}

export async function readArticles (workDir: string): Promise<BenchArticle[]> {
  const text = await readFile(join(workDir, WORK_FILES.articles), 'utf8')
  const articles: BenchArticle[] = []
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    if (end > start) articles.push(JSON.parse(text.slice(start, end)) as BenchArticle)
    start = end + 1
  }
  return articles
}

export async function readQueries (workDir: string): Promise<BenchQuery[]> {
  return JSON.parse(await readFile(join(workDir, WORK_FILES.queries), 'utf8')) as BenchQuery[]
}

/** UTF-8 bytes of the text fields (what "MiB/s" divides) and their characters (code points). */
export function textSize (articles: readonly BenchArticle[]): { bytes: number, characters: number } {
  let bytes = 0
  let characters = 0
  for (const article of articles) {
    for (const field of FIELDS) {
      const text = article[field] ?? ''
      bytes += Buffer.byteLength(text)
      for (const _ of text) characters++
    }
  }
  return { bytes, characters }
}

/** Bytes of every file in a folder and its subfolders (an index on disk). */
export async function folderBytes (dir: string): Promise<number> {
  let bytes = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(join(entry.parentPath, entry.name))).size
  }
  return bytes
}
