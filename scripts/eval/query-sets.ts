import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Article, readCorpus, SearchEngine } from '../../src/index.js'
import { readCollection } from '../lib/beir-collection.js'
import { poetryFolder } from '../lib/chinese-poetry.js'
import { ROOT, SHARED_DATA } from '../lib/paths.js'
import { readNews } from '../lib/xwlb-news.js'
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
  /** The reference run of the collection's SOURCE.md nearest to this set, shown beside the systems. */
  reference?: Reference
}

/** A plain Okapi BM25 run computed for ../shared/data (each collection's SOURCE.md), on the same judgments. */
export interface Reference {
  /** Which run: tokenizer, k1 and b, and where it differs from this set. */
  label: string
  ndcg: number
  mrr?: number
  recall10?: number
  recall100?: number
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

const DEFAULT_CORPUS = join(ROOT, 'corpus')
/** The same seed everywhere, so that a run is repeatable and two runs compare. */
const SEED = 13

function missingSharedData (folder: string): { skipped: string } | undefined {
  const path = join(SHARED_DATA, folder)
  return existsSync(path) ? undefined : { skipped: `${path} is absent (shared data lives beside the checkout)` }
}

async function readJsonl<T> (path: string): Promise<T[]> {
  return (await readFile(path, 'utf8')).split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as T)
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

/** dureader-search-demo/SOURCE.md: jieba, k1 0.9, b 0.4 (its best run on each split). */
const DUREADER_BM25: Record<'dev' | 'train', Reference> = {
  dev: { label: 'BM25, jieba, k1 0.9 b 0.4', ndcg: 0.7436, mrr: 0.6743, recall10: 0.995, recall100: 1.0 },
  train: { label: 'BM25, jieba, k1 0.9 b 0.4', ndcg: 0.7386, mrr: 0.6715, recall10: 0.9896, recall100: 1.0 },
}

/**
 * cmrc2018-retrieval/SOURCE.md: with the 2024 and 2025 news as distractors it gives only
 * nDCG@10 (CJK bigrams); the quick run's distractors (2022) and sample have no run of their
 * own, so the dev split without distractors (jieba) stands beside it, labelled so.
 */
const CMRC_BM25: Record<'full' | 'quick', Reference> = {
  full: { label: 'BM25, CJK bigrams, k1 0.9 b 0.4, + 2024-2025 news', ndcg: 0.9805 },
  quick: { label: 'BM25, jieba, k1 0.9 b 0.4, all dev questions, no distractors', ndcg: 0.9833, mrr: 0.9791, recall10: 0.996, recall100: 0.9972 },
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
        reference: DUREADER_BM25[split],
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
    const news = (await Promise.all(years.map(async year => await readNews(year)))).flat()
    const queries = quick ? sampleItems(collection.queries, 300) : collection.queries
    return {
      name: 'cmrc',
      description: `cmrc2018-retrieval dev: ${collection.articles.length} passages + ${news.length} xwlb-news items (${years.join('+')}) as distractors, ${queries.length} questions`,
      articles: [...collection.articles, ...news],
      queries: queries.map(q => ({ id: q.id, text: q.text, relevant: collection.relevant.get(q.id)! })),
      reference: CMRC_BM25[quick ? 'quick' : 'full'],
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

/** The poetry folder, installed on first use; a failed install skips the set. */
async function poems (): Promise<string | { skipped: string }> {
  try {
    return await poetryFolder()
  } catch (error) {
    return { skipped: (error as Error).message }
  }
}

const poetry: SetDefinition = {
  name: 'poetry',
  async load ({ quick }) {
    const folder = await poems()
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
