import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_OPTIONS, exportStatic, openSearcher, type Searcher } from '../../../src/internal.js'
import { openStaticIndex } from '../../../src/static/node-static-index.js'
import { CLUSTER_BACKEND } from './cluster-backend.js'
import type { TestCorpus } from './test-corpora.js'

/** What the cases ask of a backend: a Searcher's search and suggest, and close. */
export type CaseSearcher = Pick<Searcher, 'search' | 'suggest' | 'close'>

/**
 * A backend the suite compares with the embedded engine. To add one (the cluster, the
 * static export), add an entry to BACKENDS: `open` builds or loads the backend over the
 * test corpus (its folder, with synonyms.txt, or the embedded index built from it), with
 * those synonyms loaded, and returns something that searches it; its `close` lets go of
 * everything `open` started (threads, daemons, folders), also when a case failed. The
 * cases (backend-cases.ts) stay as they are.
 */
export interface BackendEntry {
  /** Names the backend in the tests' titles. */
  name: string
  /** Why the backend cannot run here (searchd missing, …): its tests skip with this line. */
  skipReason?: string | undefined
  open (corpus: TestCorpus): Promise<CaseSearcher>
}

/** An index folder opened as `zhsearch serve` and the library open it, with the corpus's synonyms. */
async function openIndexFolder (corpus: TestCorpus, thread: boolean): Promise<CaseSearcher> {
  const searcher = await openSearcher(corpus.indexDir, { thread })
  try {
    await searcher.loadSynonyms(corpus.synonymsFile)
  } catch (error) {
    await searcher.close()
    throw error
  }
  return searcher
}

/**
 * The index exported with `exportStatic` (the corpus's synonyms.txt with it) into a
 * temporary folder and searched through zhsearch/static, as a page does; closing removes it.
 */
async function openStaticExport (corpus: TestCorpus): Promise<CaseSearcher> {
  const siteDir = await mkdtemp(join(tmpdir(), 'zhsearch-backends-static-'))
  try {
    await exportStatic({ indexDir: corpus.indexDir, outDir: siteDir, synonymsFile: corpus.synonymsFile })
    const index = await openStaticIndex(siteDir, { queryBudgetMs: DEFAULT_OPTIONS.queryBudgetMs })
    return {
      search: async request => await index.search(request),
      suggest: async (prefix, limit) => await index.suggest(prefix, limit),
      close: async () => { await rm(siteDir, { recursive: true, force: true }) },
    }
  } catch (error) {
    await rm(siteDir, { recursive: true, force: true })
    throw error
  }
}

export const BACKENDS: BackendEntry[] = [
  // The index written to disk and read back on this thread: what save/open keep.
  { name: 'SearchEngine opened from the index folder', open: corpus => openIndexFolder(corpus, false) },
  // The same folder on a search thread of its own: what the server searches through.
  { name: 'WorkerSearcher (the index on its own thread)', open: corpus => openIndexFolder(corpus, true) },
  // The corpus reindexed into a SphinxQL cluster (cluster-backend.ts).
  CLUSTER_BACKEND,
  // The index exported as a static site, searched in this process as a browser does (dist/static/site: npm run build).
  { name: 'zhsearch/static (the index exported with exportStatic)', open: openStaticExport },
]
