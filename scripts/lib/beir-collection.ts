import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Article } from '../../src/index.js'
import { SHARED_DATA } from './paths.js'

/** Where the collections are (tests/helpers/shared-data.ts reads it from here too). */
export { SHARED_DATA }

export interface Collection {
  articles: Article[]
  queries: Array<{ id: string, text: string }>
  /** query id → ids of relevant articles */
  relevant: Map<string, Set<string>>
}

async function readJsonl<T> (path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8')
  return text.split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as T)
}

/** Reads a BEIR-style collection: corpus.jsonl, queries.<split>.jsonl, qrels.<split>.tsv. */
export async function readCollection (name: string, split: string): Promise<Collection> {
  const dir = join(SHARED_DATA, name)
  const corpus = await readJsonl<{ id: string, title?: string, text: string }>(join(dir, 'corpus.jsonl'))
  const articles = corpus.map((doc, i) => ({
    id: doc.id,
    title: doc.title ?? '',
    body: doc.text,
    origin: { file: `${name}/corpus.jsonl`, ordinal: i + 1, line: i + 1 },
  }))
  const relevant = new Map<string, Set<string>>()
  const qrels = (await readFile(join(dir, `qrels.${split}.tsv`), 'utf8')).split('\n').slice(1)
  for (const line of qrels) {
    const [query, doc, score] = line.split('\t')
    if (query === undefined || doc === undefined || Number(score) <= 0) continue
    if (!relevant.has(query)) relevant.set(query, new Set())
    relevant.get(query)!.add(doc)
  }
  const queries = (await readJsonl<{ id: string, text: string }>(join(dir, `queries.${split}.jsonl`)))
    .filter(query => relevant.has(query.id))
  return { articles, queries, relevant }
}

/** nDCG@k, MRR@k and recall@k of ranked ids against binary relevance. */
export function scoreRanking (ranked: readonly string[], relevant: ReadonlySet<string>, k: number): { ndcg: number, mrr: number, recall: number } {
  let dcg = 0
  let mrr = 0
  let found = 0
  ranked.slice(0, k).forEach((id, i) => {
    if (!relevant.has(id)) return
    dcg += 1 / Math.log2(i + 2)
    if (mrr === 0) mrr = 1 / (i + 1)
    found++
  })
  let ideal = 0
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2)
  return { ndcg: ideal === 0 ? 0 : dcg / ideal, mrr, recall: relevant.size === 0 ? 0 : found / relevant.size }
}
