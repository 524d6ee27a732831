import type { SearchEngine, Searcher } from '../index.js'
import { DEFAULT_INDEX } from './cli-options.js'
import { loadLibrary } from './library.js'

/**
 * Opens the index for a command. The engine's messages say to run `zhsearch reindex`;
 * for an index folder other than the default, the command to run needs `--index` too,
 * so it is spelled out.
 */
export async function openEngine (indexDir: string): Promise<SearchEngine> {
  const { isZhsearchError, SearchEngine, ZhsearchError } = await loadLibrary()
  try {
    return await SearchEngine.open(indexDir)
  } catch (error) {
    if (!isZhsearchError(error) || !error.code.startsWith('INDEX_') || indexDir === DEFAULT_INDEX) throw error
    throw new ZhsearchError(error.code, `${error.message}\n  for this folder: zhsearch reindex --index ${quoteArgument(indexDir)} --corpus <corpus folder>`, error.details)
  }
}

/** An argument as it would be typed in a POSIX shell. */
export function quoteArgument (value: string): string {
  return /^[\p{L}\p{N}_./:@%+=,-]+$/u.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`
}

/**
 * The searcher a command asked for: the cluster at `engine` (`sphinxql://HOST:PORT`) when
 * given, else the index in `indexDir`. Close it with closeSearcher().
 */
export async function openSearcher (indexDir: string, engine: string | undefined): Promise<Searcher> {
  if (engine === undefined) return openEngine(indexDir)
  const { ClusterSearcher } = await loadLibrary()
  return ClusterSearcher.connect(engine)
}

/** Closes a cluster searcher's connections (an embedded engine holds none). */
export async function closeSearcher (searcher: Searcher): Promise<void> {
  if ('close' in searcher && typeof searcher.close === 'function') await (searcher.close as () => Promise<void>)()
}
