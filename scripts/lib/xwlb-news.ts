/**
 * The 《新闻联播》 items of ../shared/data/xwlb-news as articles, one year at a time (one
 * JSONL file per year). The text is CCTV's: read by path, never copied into the repository.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Article } from '../../src/index.js'
import { SHARED_DATA } from './paths.js'

export const NEWS_DIR = join(SHARED_DATA, 'xwlb-news')

/** The file of one year's items. */
export const newsFile = (year: number): string => join(NEWS_DIR, `corpus-${year}.jsonl`)

/** The items of one year (the first `limit` of them), as articles with their origin. */
export async function readNews (year: number, limit = Number.POSITIVE_INFINITY): Promise<Article[]> {
  const file = `xwlb-news/corpus-${year}.jsonl`
  const lines = (await readFile(newsFile(year), 'utf8')).split('\n').filter(line => line.trim() !== '').slice(0, limit)
  return lines.map((line, i) => {
    const item = JSON.parse(line) as { id?: string, title?: string, text?: string, date?: string }
    return {
      id: item.id ?? `xwlb-${year}#${i + 1}`, title: item.title ?? '', body: item.text ?? '',
      ...(item.date !== undefined ? { date: item.date } : {}),
      origin: { file, ordinal: i + 1, line: i + 1 },
    }
  })
}
