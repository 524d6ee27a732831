import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SearchEngine, SYNONYMS_FILE } from '../../../src/internal.js'
import { DEFAULT_CORPUS } from '../../helpers/default-engine.js'
import { sharedData } from '../../helpers/shared-data.js'

/**
 * A corpus every backend of the suite indexes: a temporary corpus folder (never the
 * user's, never ../shared itself) with its synonyms.txt, and the embedded index built
 * from it, saved in a folder of its own. The reference answers come from `reference`,
 * the embedded SearchEngine that built that index.
 */
export interface TestCorpus {
  name: string
  /** The corpus folder: articles, user.dict where the corpus has one, synonyms.txt. */
  corpusDir: string
  /** The embedded index of corpusDir, as `zhsearch reindex` writes it. */
  indexDir: string
  /** corpusDir's synonyms.txt (every backend loads it: the reference read it when built). */
  synonymsFile: string
  reference: SearchEngine
  /** Deletes both folders and closes the reference. */
  remove (): Promise<void>
}

/** How a test corpus is made: its files, and why it is not there when it cannot be. */
export interface CorpusSpec {
  name: string
  /** Set when the corpus cannot be made here (the suite skips it; the line was printed). */
  missing: boolean
  /** Writes the corpus's files into an empty folder. */
  write (dir: string): Promise<void>
}

/** Synonyms that change answers on both corpora (员工 is not in the default corpus; 职工 is). */
const SYNONYMS = '# the backend suite\n职工, 员工\n快递小哥 => 快递员\n'

/** The default corpus (corpus/: the seed newspaper page and its user dictionary). */
export const DEFAULT: CorpusSpec = {
  name: 'the default corpus',
  missing: false,
  async write (dir) {
    for (const file of await readdir(DEFAULT_CORPUS)) await copyFile(join(DEFAULT_CORPUS, file), join(dir, file))
  },
}

/** News items in the slice: two weeks of xwlb, so the suite stays well under 30 s. */
export const NEWS_ITEMS = 200
const news = sharedData('xwlb-news')

/**
 * The first NEWS_ITEMS items of ../shared/data/xwlb-news (read by path, written only to a
 * temporary folder), in two files. The items carry no source; each gets `xwlb-YYYY-MM`
 * from its date, so source filters and facets have more than one value to tell apart.
 */
export const NEWS: CorpusSpec = {
  name: `${NEWS_ITEMS} xwlb news items`,
  missing: news.missing,
  async write (dir) {
    const file = (await readdir(news.path)).filter(name => /^corpus-.*\.jsonl$/.test(name)).sort()[0]
    if (file === undefined) throw new Error(`${news.path} holds no corpus-*.jsonl`)
    const lines = (await readFile(join(news.path, file), 'utf8')).split('\n').filter(line => line.trim() !== '').slice(0, NEWS_ITEMS)
    const items = lines.map(line => {
      const item = JSON.parse(line) as { date?: string }
      return JSON.stringify({ ...item, source: `xwlb-${(item.date ?? '').slice(0, 7)}` })
    })
    const half = Math.ceil(items.length / 2)
    await writeFile(join(dir, 'news-a.jsonl'), `${items.slice(0, half).join('\n')}\n`)
    await writeFile(join(dir, 'news-b.jsonl'), `${items.slice(half).join('\n')}\n`)
  },
}

/** Makes the corpus folder, builds the reference engine from it and saves its index. */
export async function makeTestCorpus (spec: CorpusSpec): Promise<TestCorpus> {
  const corpusDir = await mkdtemp(join(tmpdir(), 'zhsearch-backends-corpus-'))
  const indexDir = await mkdtemp(join(tmpdir(), 'zhsearch-backends-index-'))
  const remove = async (): Promise<void> => {
    await rm(corpusDir, { recursive: true, force: true })
    await rm(indexDir, { recursive: true, force: true })
  }
  try {
    await spec.write(corpusDir)
    const synonymsFile = join(corpusDir, SYNONYMS_FILE)
    if (!existsSync(synonymsFile)) await writeFile(synonymsFile, SYNONYMS)
    const { engine: reference } = await SearchEngine.fromCorpus(corpusDir)
    await reference.save(indexDir)
    return {
      name: spec.name,
      corpusDir,
      indexDir,
      synonymsFile,
      reference,
      async remove () {
        await reference.close()
        await remove()
      },
    }
  } catch (error) {
    await remove()
    throw error
  }
}
