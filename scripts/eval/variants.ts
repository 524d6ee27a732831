/**
 * Ranking variants on DuReader train and dev (issue 24): the MiniSearch and BM25 runs the
 * issue measured by hand, and ablations of them, beside zhsearch, on the sets, the scoring
 * and the MRR/nDCG of `npm run eval` (query-sets.ts, evaluate.ts).
 *
 *   nice -n 10 npx tsx scripts/eval/variants.ts [--variants zhsearch,ms-bigrams,...] [--by-length] [--per-query]
 *
 * `--by-length` adds nDCG@10 over the queries of up to SHORT_TERM_CHARS characters and over
 * the longer ones; `--per-query` writes `variant, set, query id, nDCG@10, text` lines (TSV)
 * to stderr, to see which queries two variants order differently.
 *
 * Every MiniSearch variant indexes title and body with its tokenizer, lowercased, and asks
 * MiniSearch's default OR query (BM25+, k 1.2, b 0.7, d 0.5 unless said otherwise; a hit's
 * score is multiplied by the number of distinct query terms it holds unless `noQuality`).
 */
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import MiniSearch from 'minisearch'
import { type Article, createAnalyzer } from '../../src/index.js'
import { SHORT_TERM_CHARS } from '../../src/search/analyze-query.js'
import { inverseDocumentFrequency } from '../../src/search/bm25.js'
import { list } from '../lib/args.js'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { type QueryResult, runQuery, summarize } from './evaluate.js'
import { createGrepOracle } from './grep-oracle.js'
import { type QuerySet, SETS } from './query-sets.js'
import { buildZhsearch, type SearchSystem } from './systems.js'

interface Jieba { cut (sentence: string, hmm?: boolean): string[] }
const jieba = createRequire(import.meta.url)('nodejieba') as Jieba

const WORD = /[\p{L}\p{N}]/u
const HAN_RUN = /\p{Script=Han}+/gu

/** Jieba's default cut, lowercased, without the tokens that hold no letter or digit (spaces, punctuation). */
const words = (text: string): string[] => jieba.cut(text).map(token => token.toLowerCase()).filter(token => WORD.test(token))

/** The overlapping pairs of adjacent characters of every run of Han characters. */
function hanPairs (text: string): string[] {
  const pairs: string[] = []
  for (const [run] of text.matchAll(HAN_RUN)) {
    const chars = [...run]
    for (let i = 1; i < chars.length; i++) pairs.push(chars[i - 1]! + chars[i]!)
  }
  return pairs
}

const wordsAndPairs = (text: string): string[] => [...words(text), ...hanPairs(text)]

/**
 * Query stop words: particles, pronouns and the words a question is asked with, as words
 * and as the pairs they give (为什么 → 为什). Dropped from the query's tokens only.
 */
const STOP_WORDS = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '么', '是', '在', '有', '和', '与', '及', '或', '还是', '要', '会', '能', '可以', '可', '就', '都', '也', '又', '被', '把', '让', '给',
  '怎么', '怎样', '怎么样', '如何', '什么', '哪', '哪个', '哪些', '哪里', '哪儿', '为什么', '为何', '多少', '多久', '多长', '多大', '几', '谁', '是否', '有没有', '是不是', '能不能', '好不好',
  '一个', '一下', '这个', '那个', '这', '那', '我', '你', '他', '她', '它', '我们', '自己', '么样', '为什',
])

/** A shorter list: the particles and the question words only. */
const FEW_STOP_WORDS = new Set(['的', '了', '吗', '呢', '吧', '是', '怎么', '怎样', '如何', '什么', '哪', '哪些', '为什么', '多少', '几'])

const without = (stops: ReadonlySet<string>) => (tokens: readonly string[]): string[] => tokens.filter(token => !stops.has(token))

interface MiniSearchVariant {
  tokenize: (text: string) => string[]
  /** What is kept of the query's tokens (all of them when absent). */
  query?: (tokens: string[]) => string[]
  bm25?: { k: number, b: number, d: number }
  titleBoost?: number
  /** Undo MiniSearch's product by the number of distinct query terms a hit holds. */
  noQuality?: boolean
}

function miniSearchSystem (name: string, articles: readonly Article[], variant: MiniSearchVariant): SearchSystem {
  const { tokenize, query } = variant
  const index = new MiniSearch<Article>({
    fields: ['title', 'body'],
    tokenize,
    processTerm: term => term.toLowerCase(),
    searchOptions: {
      ...(variant.bm25 !== undefined ? { bm25: variant.bm25 } : {}),
      ...(variant.titleBoost !== undefined ? { boost: { title: variant.titleBoost } } : {}),
      ...(query !== undefined ? { tokenize: (text: string) => query(tokenize(text)) } : {}),
    },
  })
  index.addAll(articles)
  return {
    name,
    async search (text, limit) {
      let results = index.search(text)
      if (variant.noQuality === true) {
        results = results.map(result => ({ ...result, score: result.score / Math.max(1, result.queryTerms.length) })).sort((a, b) => b.score - a.score)
      }
      return { ids: results.slice(0, limit).map(result => String(result.id)), total: results.length }
    },
  }
}

/** Okapi BM25 of dureader-search-demo/SOURCE.md: title + "\n" + text, idf ln(1 + (N − df + 0.5)/(df + 0.5)), ties in corpus order. */
function bm25System (name: string, articles: readonly Article[], k1: number, b: number): SearchSystem {
  const documents = articles.map(article => {
    const tokens = words(`${article.title}\n${article.body}`)
    const counts = new Map<string, number>()
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1)
    return { id: article.id, counts, length: tokens.length }
  })
  const df = new Map<string, number>()
  for (const document of documents) for (const token of document.counts.keys()) df.set(token, (df.get(token) ?? 0) + 1)
  const n = documents.length
  const averageLength = documents.reduce((sum, document) => sum + document.length, 0) / n
  return {
    name,
    async search (text, limit) {
      const terms = words(text)
      const scored: Array<{ id: string, score: number, order: number }> = []
      documents.forEach((document, order) => {
        let score = 0
        for (const term of terms) {
          const tf = document.counts.get(term)
          if (tf === undefined) continue
          score += inverseDocumentFrequency(df.get(term)!, n) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * document.length / averageLength))
        }
        if (score > 0) scored.push({ id: document.id, score, order })
      })
      scored.sort((x, y) => y.score - x.score || x.order - y.order)
      return { ids: scored.slice(0, limit).map(hit => hit.id), total: scored.length }
    },
  }
}

/** The issue's "BM25 with k1 = 2, b = 0.5" (MiniSearch's δ kept). */
const K2B05 = { k: 2, b: 0.5, d: 0.5 }

const miniSearch = (variant: MiniSearchVariant) => (name: string, articles: readonly Article[]): SearchSystem => miniSearchSystem(name, articles, variant)

const VARIANTS: Record<string, (name: string, articles: readonly Article[]) => SearchSystem | Promise<SearchSystem>> = {
  zhsearch: async (_, articles) => await buildZhsearch(articles),
  'ms-default': miniSearch({ tokenize: words }),
  'ms-k2b05': miniSearch({ tokenize: words, bm25: K2B05 }),
  'ms-stop': miniSearch({ tokenize: words, query: without(STOP_WORDS) }),
  'ms-fewstop-k2b05': miniSearch({ tokenize: words, query: without(FEW_STOP_WORDS), bm25: K2B05 }),
  'ms-default-noquality': miniSearch({ tokenize: words, noQuality: true }),
  'ms-bigrams': miniSearch({ tokenize: wordsAndPairs, query: without(STOP_WORDS) }),
  'ms-bigrams-k2b05': miniSearch({ tokenize: wordsAndPairs, query: without(STOP_WORDS), bm25: K2B05 }),
  'ms-bigrams-fewstop': miniSearch({ tokenize: wordsAndPairs, query: without(FEW_STOP_WORDS) }),
  'ms-bigrams-fewstop-k2b05': miniSearch({ tokenize: wordsAndPairs, query: without(FEW_STOP_WORDS), bm25: K2B05 }),
  'ms-bigrams-nostop': miniSearch({ tokenize: wordsAndPairs }),
  'ms-bigrams-nostop-k2b05': miniSearch({ tokenize: wordsAndPairs, bm25: K2B05 }),
  'ms-bigrams-nostop-title3': miniSearch({ tokenize: wordsAndPairs, titleBoost: 3 }),
  'ms-bigrams-nostop-noquality': miniSearch({ tokenize: wordsAndPairs, noQuality: true }),
  'ms-pairs': miniSearch({ tokenize: hanPairs }),
  bm25: (name, articles) => bm25System(name, articles, 0.9, 0.4),
  'bm25-k2b05': (name, articles) => bm25System(name, articles, 2, 0.5),
}

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: Object.keys(VARIANTS).join(',') },
    'by-length': { type: 'boolean', default: false },
    'per-query': { type: 'boolean', default: false },
  },
})
const wanted = list(values.variants)
const unknown = wanted.filter(name => VARIANTS[name] === undefined)
if (unknown.length > 0) {
  console.error(`unknown variant(s): ${unknown.join(', ')}; the variants are ${Object.keys(VARIANTS).join(', ')}`)
  process.exit(2)
}

async function loadSet (name: string): Promise<QuerySet> {
  const loaded = await SETS.find(set => set.name === name)!.load({ quick: false })
  if ('skipped' in loaded) throw new Error(`${name}: ${loaded.skipped}`)
  return loaded
}

const isShort = (result: QueryResult): boolean => [...result.query.text].length <= SHORT_TERM_CHARS

/** nDCG@10 and MRR@10 of a split's results, and with --by-length nDCG@10 of its short and long queries. */
function cells (results: readonly QueryResult[]): string[] {
  const { ndcg, mrr } = summarize(results)
  const row = [ndcg!.toFixed(4), mrr!.toFixed(4)]
  if (values['by-length']) row.push(...[results.filter(isShort), results.filter(r => !isShort(r))].map(part => `${summarize(part).ndcg!.toFixed(4)} (${part.length})`))
  return row
}

const machine = machineAtStart()
const analyzer = createAnalyzer()
const sets = [await loadSet('dureader-train'), await loadSet('dureader')]
const oracles = sets.map(set => createGrepOracle(set.articles, analyzer))
// Both splits index the same 1,390 pages (each split's queries are judged over all of them).
const articles = sets[0]!.articles

const splitColumns = values['by-length'] ? ['nDCG@10', 'MRR@10', `nDCG ≤${SHORT_TERM_CHARS} chars`, `nDCG >${SHORT_TERM_CHARS}`] : ['nDCG@10', 'MRR@10']
console.log(`| variant | ${sets.flatMap(set => splitColumns.map(column => `${set.name} ${column}`)).join(' | ')} |`)
console.log(`|---|${sets.flatMap(() => splitColumns.map(() => '---:')).join('|')}|`)
for (const name of wanted) {
  const system = await VARIANTS[name]!(name, articles)
  const row: string[] = []
  for (const [i, set] of sets.entries()) {
    const results: QueryResult[] = []
    for (const query of set.queries) results.push(await runQuery(system, query, oracles[i]!))
    if (values['per-query']) for (const r of results) process.stderr.write(`${name}\t${set.name}\t${r.query.id}\t${r.ndcg!.toFixed(4)}\t${r.query.text}\n`)
    row.push(...cells(results))
  }
  console.log(`| ${name} | ${row.join(' | ')} |`)
}
console.log(`\n${machineLine(machine)}`)
