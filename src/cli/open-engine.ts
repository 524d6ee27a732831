import type { SearchEngine, Searcher } from '../internal.js'
import { DEFAULT_CORPUS, DEFAULT_INDEX } from './cli-options.js'
import { corpusFolderAdvice, isMissing } from './corpus-folder.js'
import { folder, quoteArgument } from './format.js'
import { loadLibrary } from './library.js'

/**
 * Opens the index for a command. The engine's messages say to run `zhsearch reindex`;
 * for an index folder other than the default, the command to run needs `--index` too,
 * so it is spelled out; in a folder without a corpus either, what a corpus is.
 */
export async function openEngine (indexDir: string, options: { oneSearch?: boolean } = {}): Promise<SearchEngine> {
  const { isZhsearchError, SearchEngine, ZhsearchError } = await loadLibrary()
  try {
    // A command that runs one search and ends does not wait for Jieba's whole dictionary.
    return await (options.oneSearch === true ? SearchEngine.openForOneSearch(indexDir) : SearchEngine.open(indexDir))
  } catch (error) {
    if (!isZhsearchError(error) || !error.code.startsWith('INDEX_')) throw error
    if (indexDir !== DEFAULT_INDEX) {
      throw new ZhsearchError(error.code, `${error.message}\n  for this folder: zhsearch reindex --index ${quoteArgument(indexDir)} --corpus <corpus folder>`, error.details)
    }
    // A first run in a folder with neither index/ nor corpus/: the reindex to run needs a
    // corpus first, so say what one is.
    if (error.code === 'INDEX_NOT_FOUND' && await isMissing(DEFAULT_CORPUS)) {
      const advice = [`  zhsearch reindex reads the corpus folder ${folder(DEFAULT_CORPUS)}, which is not here either.`, ...corpusFolderAdvice(DEFAULT_CORPUS)]
      throw new ZhsearchError(error.code, [error.message, ...advice].join('\n'), error.details)
    }
    throw error
  }
}

/**
 * The searcher a command asked for: the cluster at `engine` (`sphinxql://HOST:PORT`; a
 * folder there is INVALID_ENGINE) when given, else the index in `indexDir`. Close it with
 * `close()`.
 */
export async function openSearcher (indexDir: string, engine: string | undefined, options: { oneSearch?: boolean } = {}): Promise<Searcher> {
  if (engine === undefined) return openEngine(indexDir, options)
  const { openSearcher: open, parseEngineAddress } = await loadLibrary()
  parseEngineAddress(engine)
  return open(engine)
}
