import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type Article, readCorpus, SearchEngine } from '../../src/index.js'
import { readCollection, SHARED_DATA } from '../lib/beir-collection.js'
import type { EvalQuery } from './evaluate.js'
import { readJudgedQueries } from './judged-queries.js'
import { sampleSubstrings, seededRandom } from './sample-substrings.js'
import { EVAL_ENGINE_OPTIONS } from './systems.js'

/** A query set ready to run: the articles both systems index and the queries. */
export interface QuerySet {
  name: string
  /** One line: where the articles and queries come from. */
  description: string
  articles: Article[]
  queries: EvalQuery[]
  /** How zhsearch is built for this set when `fromArticles` is not enough (the default corpus's user.dict). */
  buildEngine?: () => Promise<SearchEngine>
}

export interface LoadOptions {
  /** Fewer queries and smaller corpora: a run of a minute or two. */
  quick: boolean
}

/** A set that can be loaded, or the one line saying why it was skipped. */
export interface SetDefinition {
  name: string
  /** Left out of a run unless `--sets` names it (the tuning split). */
  onRequest?: boolean
  load (options: LoadOptions): Promise<QuerySet | { skipped: string }>
}

const DEFAULT_CORPUS = fileURLToPath(new URL('../../corpus/', import.meta.url))
/** Packages installed on demand for the eval, outside node_modules and git (see .gitignore). */
export const EVAL_CACHE = fileURLToPath(new URL('../../.cache/eval/', import.meta.url))
/** The same seed everywhere, so that a run is repeatable and two runs compare. */
const SEED = 13

function missingSharedData (folder: string): { skipped: string } | undefined {
  const path = join(SHARED_DATA, folder)
  return existsSync(path) ? undefined : { skipped: `${path} is absent (shared data lives beside the checkout)` }
}

async function readJsonl<T> (path: string): Promise<T[]> {
  return (await readFile(path, 'utf8')).split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as T)
}

/** News items of one year of xwlb-news as articles (read by path, never copied anywhere). */
async function readNews (year: number): Promise<Article[]> {
  const file = `xwlb-news/corpus-${year}.jsonl`
  const items = await readJsonl<{ id: string, title: string, text: string, date?: string }>(join(SHARED_DATA, file))
  return items.map((item, i) => ({
    id: item.id, title: item.title, body: item.text, ...(item.date !== undefined ? { date: item.date } : {}),
    origin: { file, ordinal: i + 1, line: i + 1 },
  }))
}

/** `count` items of `items`, chosen with the seeded generator, in their original order. */
function sampleItems<T> (items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items]
  const random = seededRandom(SEED)
  const chosen = new Set<number>()
  while (chosen.size < count) chosen.add(Math.floor(random() * items.length))
  return [...chosen].sort((a, b) => a - b).map(i => items[i]!)
}

function substringQueries (prefix: string, articles: readonly Article[], perLength: number): EvalQuery[] {
  return sampleSubstrings(articles, { seed: SEED, perLength, minLength: 1, maxLength: 6 })
    .map((sample, i) => ({ id: `${prefix}-${i + 1}`, text: sample.text, kind: `${sample.length} char` }))
}

const defaultCorpus: SetDefinition = {
  name: 'default',
  async load () {
    const { articles } = await readCorpus(DEFAULT_CORPUS)
    const judged = await readJudgedQueries()
    return {
      name: 'default',
      description: `corpus/ (${articles.length} articles), ${judged.length} judged queries from tests/fixtures/eval`,
      articles,
      queries: judged.map((q, i) => ({ id: `default-${i + 1}`, text: q.query, kind: q.kind, grades: new Map(Object.entries(q.grades)) })),
      buildEngine: async () => (await SearchEngine.fromCorpus(DEFAULT_CORPUS, EVAL_ENGINE_OPTIONS)).engine,
    }
  },
}

/** DuReader's dev split is reported; its train split is for tuning, run only when asked for. */
function dureader (name: string, split: 'dev' | 'train'): SetDefinition {
  return {
    name,
    ...(split === 'train' ? { onRequest: true } : {}),
    async load () {
      const missing = missingSharedData('dureader-search-demo')
      if (missing !== undefined) return missing
      const collection = await readCollection('dureader-search-demo', split)
      return {
        name,
        description: `dureader-search-demo ${split}: ${collection.articles.length} web documents, ${collection.queries.length} Baidu queries`,
        articles: collection.articles,
        queries: collection.queries.map(q => ({ id: q.id, text: q.text, relevant: collection.relevant.get(q.id)! })),
      }
    },
  }
}

const cmrc: SetDefinition = {
  name: 'cmrc',
  async load ({ quick }) {
    const missing = missingSharedData('cmrc2018-retrieval') ?? missingSharedData('xwlb-news')
    if (missing !== undefined) return missing
    const collection = await readCollection('cmrc2018-retrieval', 'dev')
    // The distractors of the reference run in cmrc2018-retrieval/SOURCE.md: 2024 and 2025.
    const years = quick ? [2022] : [2024, 2025]
    const news = (await Promise.all(years.map(readNews))).flat()
    const queries = quick ? sampleItems(collection.queries, 300) : collection.queries
    return {
      name: 'cmrc',
      description: `cmrc2018-retrieval dev: ${collection.articles.length} passages + ${news.length} xwlb-news items (${years.join('+')}) as distractors, ${queries.length} questions`,
      articles: [...collection.articles, ...news],
      queries: queries.map(q => ({ id: q.id, text: q.text, relevant: collection.relevant.get(q.id)! })),
    }
  },
}

const newsSubstrings: SetDefinition = {
  name: 'news',
  async load ({ quick }) {
    const missing = missingSharedData('xwlb-news')
    if (missing !== undefined) return missing
    const articles = await readNews(2022)
    const queries = substringQueries('news', articles, quick ? 25 : 100)
    return {
      name: 'news',
      description: `xwlb-news 2022 (${articles.length} items), ${queries.length} seeded substrings of 1-6 characters`,
      articles,
      queries,
    }
  },
}

const POETRY_PACKAGE = 'chinese-poetry@2.0.1'

/** Installs the chinese-poetry package into the eval cache on first use. */
async function poetryFolder (): Promise<string | { skipped: string }> {
  const folder = join(EVAL_CACHE, 'node_modules/chinese-poetry/dist/quantangshi')
  if (existsSync(folder)) return folder
  process.stderr.write(`installing ${POETRY_PACKAGE} into ${EVAL_CACHE} (once) …\n`)
  try {
    await promisify(execFile)('npm', ['install', '--prefix', EVAL_CACHE, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', POETRY_PACKAGE])
  } catch (error) {
    return { skipped: `npm install ${POETRY_PACKAGE} failed: ${(error as Error).message.split('\n')[0]}` }
  }
  return existsSync(folder) ? folder : { skipped: `${POETRY_PACKAGE} has no ${folder}` }
}

const poetry: SetDefinition = {
  name: 'poetry',
  async load ({ quick }) {
    const folder = await poetryFolder()
    if (typeof folder !== 'string') return folder
    // The Tang poems of 全唐詩, in traditional characters, 1,000 a file.
    const files = (quick ? [0] : [0, 1000, 2000, 3000, 4000]).map(n => `poet.tang.${n}.json`)
    const articles: Article[] = []
    for (const file of files) {
      const poems = JSON.parse(await readFile(join(folder, file), 'utf8')) as Array<{ id: string, title: string, author: string, paragraphs: string[] }>
      poems.forEach((poem, i) => articles.push({
        id: poem.id, title: poem.title, author: poem.author, body: poem.paragraphs.join('\n'),
        origin: { file: `chinese-poetry/quantangshi/${file}`, ordinal: i + 1 },
      }))
    }
    const queries = substringQueries('poetry', articles, quick ? 25 : 100)
    return {
      name: 'poetry',
      description: `chinese-poetry ${files.length === 1 ? files[0] : `poet.tang.0-4000`} (${articles.length} Tang poems, traditional), ${queries.length} seeded substrings of 1-6 characters`,
      articles,
      queries,
    }
  },
}

/** Every set, in the order the table lists them. */
export const SETS: readonly SetDefinition[] = [defaultCorpus, dureader('dureader', 'dev'), cmrc, newsSubstrings, poetry, dureader('dureader-train', 'train')]
