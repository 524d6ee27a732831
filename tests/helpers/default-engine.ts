import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SearchEngine } from '../../src/index.js'

/** The repository's default corpus folder (the seed newspaper page and its user dictionary). */
export const DEFAULT_CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url))

let engine: Promise<SearchEngine> | undefined

/** An engine over the default corpus, built once per test file. */
export function defaultEngine (): Promise<SearchEngine> {
  engine ??= SearchEngine.fromCorpus(DEFAULT_CORPUS).then(result => result.engine)
  return engine
}

/** The titles of a search's hits, in rank order. */
export async function titlesFor (query: string, limit = 20): Promise<string[]> {
  return (await (await defaultEngine()).search({ query, limit })).hits.map(hit => hit.title)
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function temporaryFolder (prefix = 'zhsearch-test-'): Promise<{ path: string, cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) }
}
