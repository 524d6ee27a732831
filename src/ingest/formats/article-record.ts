/**
 * Articles given as JSON objects, in `.json` and `.jsonl` files. The schema is
 * checked as records are read, so the rest of the pipeline can trust the types.
 */
import { z } from 'zod'
import type { Article, ArticleOrigin } from '../../types.js'
import { articleId } from '../article-id.js'
import { normalizeDate } from '../normalize-date.js'
import { collapseSpaces } from '../text-blocks.js'
import { titleFromBody } from '../title-from-body.js'
import { makeArticle } from './make-article.js'

// null counts as absent: datasets often write "author": null for "unknown".
const optionalText = z.string({ error: 'must be a string' }).nullish()

/** One article as a JSON object. Unknown keys are ignored. */
export const ArticleRecordSchema = z.object({
  id: z.union([z.string().trim().min(1), z.number()], { error: 'must be a non-empty string or a number' }).nullish(),
  title: optionalText,
  body: optionalText,
  text: optionalText,
  content: optionalText,
  date: optionalText,
  author: optionalText,
  source: optionalText,
  url: optionalText,
  kicker: optionalText,
  byline: optionalText,
}, { error: 'must be a JSON object with the article\'s fields' })

/** A JSON article record as the schema accepts it. */
export type ArticleRecord = z.infer<typeof ArticleRecordSchema>

/** An article, or the reason why a record gives none. */
export type RecordResult = { ok: true, article: Article } | { ok: false, reason: string }

/**
 * Validates one parsed JSON value and turns it into an article. The body is the
 * first of `body`, `text`, `content` that holds text; a record without body text
 * gives no article. A missing title is made from the body's first sentence. The
 * record's own `id` (as a string) is kept, else the id is `<file>#<ordinal>`.
 */
export function recordToArticle (value: unknown, origin: ArticleOrigin): RecordResult {
  const parsed = ArticleRecordSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path.join('.') ?? ''
    return { ok: false, reason: path === '' ? (issue?.message ?? 'invalid') : `${path} ${issue?.message ?? 'is invalid'}` }
  }
  const record = parsed.data
  const rawBody = [record.body, record.text, record.content].find((text) => typeof text === 'string' && text.trim() !== '')
  if (rawBody === undefined || rawBody === null) {
    return { ok: false, reason: 'has no body text (give it a body, text or content field)' }
  }
  const body = rawBody.split(/\r\n?|\n/).map((line) => line.trim()).filter((line) => line !== '').join('\n')
  const title = collapseSpaces(record.title ?? '')
  return {
    ok: true,
    article: makeArticle({
      id: record.id === undefined || record.id === null ? articleId(origin.file, origin.ordinal) : String(record.id).trim(),
      title: title === '' ? titleFromBody(body) : title,
      kicker: record.kicker ?? undefined,
      byline: record.byline ?? record.author ?? undefined,
      author: record.author ?? undefined,
      body,
      date: record.date === undefined || record.date === null ? undefined : normalizeDate(record.date),
      source: record.source ?? undefined,
      url: record.url ?? undefined,
      origin,
    }),
  }
}

/**
 * `JSON.parse`'s complaint without the engine's position suffix, and the 1-based
 * line and column of the error where the engine gives a position.
 */
export function describeJsonError (error: unknown, text: string): { reason: string, line?: number, column?: number } {
  const message = error instanceof Error ? error.message : String(error)
  const reason = message.replace(/\s*in JSON at position \d+.*$/s, '')
  const position = /at position (\d+)/.exec(message)
  if (position === null) return { reason }
  const offset = Number(position[1])
  const before = text.slice(0, offset)
  return { reason, line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}
