import { writeFile } from 'node:fs/promises'
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
 * `zhsearch reindex` then `zhsearch export --static` do, both with `synonyms` (a synonyms
 * file's text; none by default). The export carries the page built by
 * `npm run build` (dist/static/site/): build first.
 */
export async function exportCorpus (source: { corpusDir?: string, articles?: Parameters<typeof SearchEngine.fromArticles>[0], synonyms?: string } = {}): Promise<ExportedCorpus> {
  const folder = await temporaryFolder('zhsearch-static-')
  try {
    const engine = source.articles !== undefined
      ? await SearchEngine.fromArticles(source.articles, { queryBudgetMs: 0 })
      : (await SearchEngine.fromCorpus(source.corpusDir ?? DEFAULT_CORPUS, { queryBudgetMs: 0 })).engine
    const indexDir = join(folder.path, 'index')
    await engine.save(indexDir)
    const siteDir = join(folder.path, 'site')
    // Synonyms as a server loads them (the same file for both).
    const synonymsFile = join(folder.path, 'synonyms.txt')
    await writeFile(synonymsFile, source.synonyms ?? '')
    await engine.loadSynonyms(synonymsFile)
    await exportStatic({ indexDir, outDir: siteDir, synonymsFile })
    return { engine, siteDir, cleanup: folder.cleanup }
  } catch (error) {
    await folder.cleanup()
    throw error
  }
}
