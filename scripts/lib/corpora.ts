import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Article, readCorpus } from '../../src/index.js'
import { readCollection, SHARED_DATA } from './beir-collection.js'

/** A named set of real articles to measure on. None of them is ever copied into the repository. */
export interface BenchCorpus {
  name: string
  articles: Article[]
}

/** The default corpus, the DuReader web documents, and one year of xwlb news (read by path). */
export async function benchCorpora (): Promise<BenchCorpus[]> {
  const seed = await readCorpus(fileURLToPath(new URL('../../corpus/', import.meta.url)))
  const dureader = await readCollection('dureader-search-demo', 'dev')
  const news = (await readFile(join(SHARED_DATA, 'xwlb-news', 'corpus-2022.jsonl'), 'utf8'))
    .split('\n').filter(line => line.trim() !== '')
    .map((line, i) => {
      const item = JSON.parse(line) as { id?: string, title?: string, text?: string, body?: string, date?: string }
      return { id: item.id ?? `xwlb-2022#${i + 1}`, title: item.title ?? '', body: item.text ?? item.body ?? '', ...(item.date !== undefined ? { date: item.date } : {}), origin: { file: 'xwlb-news/corpus-2022.jsonl', ordinal: i + 1 } }
    })
  return [
    { name: 'default corpus (seed page)', articles: seed.articles },
    { name: 'dureader web docs', articles: dureader.articles },
    { name: 'xwlb news 2022', articles: news },
  ]
}

/** Prints rows as an aligned table. */
export function printTable (header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(row => (row[i] ?? '').length)))
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')
  console.log(line(header))
  console.log(widths.map(w => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}
