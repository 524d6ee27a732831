import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** The judged queries on the default corpus, written by hand (no shared data needed). */
export const DEFAULT_CORPUS_QUERIES = fileURLToPath(new URL('../../tests/fixtures/eval/default-corpus-queries.jsonl', import.meta.url))

/** What a query tests, for the per-kind breakdown. */
export const QUERY_KINDS = [
  'name', 'place', 'number', 'word', 'long-word', 'phrase', 'multi-term', 'field', 'question',
  'mixed-latin', 'full-width', 'traditional', 'pinyin', 'initials', 'single-char',
] as const

/**
 * One line of the file. `grades` maps article ids to what a reader who typed the query
 * would think of the article: 3 it is what I was looking for, 2 it is clearly about it,
 * 1 it mentions it in passing. Articles not listed are not relevant (0).
 */
export const judgedQuerySchema = z.object({
  query: z.string().min(1).max(256),
  kind: z.enum(QUERY_KINDS),
  grades: z.record(z.string(), z.number().int().min(1).max(3)),
  note: z.string().optional(),
}).strict()

export type JudgedQuery = z.infer<typeof judgedQuerySchema>

/** Reads and validates the file; a bad line throws with its line number. */
export async function readJudgedQueries (path = DEFAULT_CORPUS_QUERIES): Promise<JudgedQuery[]> {
  const lines = (await readFile(path, 'utf8')).split('\n')
  const queries: JudgedQuery[] = []
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    const parsed = judgedQuerySchema.safeParse(JSON.parse(line))
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.message}`)
    queries.push(parsed.data)
  })
  return queries
}
