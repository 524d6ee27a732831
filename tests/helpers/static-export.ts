import { join } from 'node:path'
import { exportStatic, SearchEngine } from '../../src/internal.js'
import { DEFAULT_CORPUS, temporaryFolder } from './default-engine.js'

/** An engine over a corpus and the static export of its saved index, side by side. */
export interface ExportedCorpus {
  engine: SearchEngine
  /** The folder `zhsearch export --static` would have written. */
  siteDir: string
  cleanup (): Promise<void>
}

/**
 * Builds the default corpus (or `articles`), saves the index and exports it, as
 * `zhsearch reindex` then `zhsearch export --static` do. The export carries the page built by
 * `npm run build` (dist/static/site/): build first.
 */
export async function exportCorpus (source: { corpusDir?: string, articles?: Parameters<typeof SearchEngine.fromArticles>[0] } = {}): Promise<ExportedCorpus> {
  const folder = await temporaryFolder('zhsearch-static-')
  try {
    const engine = source.articles !== undefined
      ? await SearchEngine.fromArticles(source.articles, { queryBudgetMs: 0 })
      : (await SearchEngine.fromCorpus(source.corpusDir ?? DEFAULT_CORPUS, { queryBudgetMs: 0 })).engine
    const indexDir = join(folder.path, 'index')
    await engine.save(indexDir)
    const siteDir = join(folder.path, 'site')
    await exportStatic({ indexDir, outDir: siteDir })
    return { engine, siteDir, cleanup: folder.cleanup }
  } catch (error) {
    await folder.cleanup()
    throw error
  }
}
