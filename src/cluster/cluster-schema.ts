import type { TextPatch } from '../analysis/normalize/text-patches.js'
import { splitScriptRuns } from '../analysis/segment/script-runs.js'
import type { AnalyzedArticle } from '../indexing/analyze-article.js'
import { peopleOf } from '../ingest/article-people.js'
import type { StoredDocument, StoredText } from '../searcher/backend.js'
import { type Article, TEXT_FIELDS, type TextField } from '../types.js'
import { dateKey, stringKey, termToken } from './sphinx-terms.js'

/*
 * The shard schema (cluster format 2): one row of a shard's RT index per article, written
 * so that every primitive of the seam (src/searcher/backend.ts) is one statement with an
 * exact answer, the same as the embedded segments give:
 *
 *   <f>_words  the analyzer's words of text field f (Jieba words, dictionary subwords,
 *              alphanumeric runs), as FIELD-QUALIFIED tokens: a word's hit count in the
 *              field is its term frequency there, and no word token equals another kind.
 *   <f>_uni    each distinct character of the script runs: one-character texts (only whether a
 *              field holds one is ever asked; a word's frequency comes from its word token).
 *   <f>_bi     every pair of adjacent code points of the WHOLE normalized field, spaces and
 *              punctuation included: the phrase of a text's pairs matches exactly where
 *              the normalized field contains the text (grep), for any text of two code
 *              points or more, across script runs too, with nothing to confirm afterwards.
 *
 * Characters travel as their code points in base 36 (four characters, which hold any
 * code point), so a pair is eight characters and no two texts share a token; a word is a
 * field letter and its code points, or, past nine code points, the letter and a hash
 * (23 characters, a length no other token has). Sphinx's charset is `0..9, a..z`: it never
 * re-splits or folds anything, and a MATCH() can only hold tokens written here.
 *
 * The document id is the article's place in the corpus: `fileNo * 2^32 + ordinal`, where
 * `fileNo` numbers a version of a corpus file (a changed file gets a new one) and `ordinal`
 * is the article's 1-based position in it. A file's rows are one id range; a search numbers
 * the documents of one generation in corpus order from the manifest (cluster-manifest.ts).
 */

/** The RT index of every shard node. */
export const SHARD_INDEX = 'shard'

/** A field letter before a word's code points, per text field. */
const FIELD_LETTERS = ['p', 'q', 'r', 's'] as const
/** Words of more code points than this are hashed: a token must stay within Sphinx's 42 bytes. */
const DIRECT_WORD_CODE_POINTS = 9

/** Full-text fields of a shard row, in column order. */
export const SHARD_FIELDS: readonly string[] = TEXT_FIELDS.flatMap(field => [`${field}_words`, `${field}_uni`, `${field}_bi`])

/** Attributes of a shard row, in column order after the fields. */
export const SHARD_ATTRIBUTES: ReadonlyArray<readonly [name: string, type: 'uint' | 'bigint' | 'multi_64' | 'string']> = [
  ...TEXT_FIELDS.map(field => [`${field}_len`, 'uint'] as const),
  // The file's place among the corpus files (gapped, see cluster-manifest.ts): corpus order inside searchd.
  ['file_rank', 'uint'],
  ['article_key', 'bigint'],
  ['source_key', 'bigint'],
  ['people', 'multi_64'],
  ['date_key', 'uint'],
  ['doc', 'string'],
]

export const SHARD_COLUMNS = `(id, ${SHARD_FIELDS.join(', ')}, ${SHARD_ATTRIBUTES.map(([name]) => name).join(', ')})`

const codeTokens = new Map<number, string>()

/** A code point as four base-36 characters. */
export function codeToken (codePoint: number): string {
  let token = codeTokens.get(codePoint)
  if (token === undefined) {
    token = codePoint.toString(36).padStart(4, '0')
    codeTokens.set(codePoint, token)
  }
  return token
}

/** The token of one character. */
export function charToken (char: string): string {
  return codeToken(char.codePointAt(0)!)
}

/** The token of a word in text field `f`. */
export function wordToken (f: number, word: string): string {
  let codes = ''
  let count = 0
  for (const char of word) {
    if (++count > DIRECT_WORD_CODE_POINTS) return FIELD_LETTERS[f]! + termToken(word)
    codes += charToken(char)
  }
  return FIELD_LETTERS[f]! + codes
}

/** The pair tokens of a normalized text, in order (none for one code point). */
export function pairTokens (text: string): string[] {
  const tokens: string[] = []
  let previous: string | undefined
  for (const char of text) {
    const token = charToken(char)
    if (previous !== undefined) tokens.push(previous + token)
    previous = token
  }
  return tokens
}

/** The tokens of the distinct characters of the script runs of a normalized text. */
function runCharTokens (text: string): string[] {
  const tokens = new Set<string>()
  for (const run of splitScriptRuns(text)) for (const char of run.text) tokens.add(charToken(char))
  return [...tokens]
}

/** The `@(…)` list of the masked text fields' columns of one kind. */
export function fieldColumns (mask: number, kind: 'uni' | 'bi'): string {
  return `@(${TEXT_FIELDS.filter((_, f) => (mask & (1 << f)) !== 0).map(field => `${field}_${kind}`).join(',')})`
}

/**
 * A MATCH() expression for the documents whose masked fields contain a normalized text
 * as grep finds it: its character for one code point, else the phrase of its pairs.
 * Undefined for a one-character text that is no script run's character (punctuation):
 * the embedded index does not find those either.
 */
export function containsExpression (text: string, mask: number): string | undefined {
  const pairs = pairTokens(text)
  if (pairs.length > 0) return `${fieldColumns(mask, 'bi')} "${pairs.join(' ')}"`
  const chars = runCharTokens(text)
  return chars.length === 1 ? `${fieldColumns(mask, 'uni')} ${chars[0]}` : undefined
}

/** The document id of the `ordinal`-th article of file version `fileNo`. */
export function documentId (fileNo: number, ordinal: number): bigint {
  return (BigInt(fileNo) << 32n) | BigInt(ordinal)
}

/** The ids of file version `fileNo`'s rows: `[from, to)`. */
export function fileIdRange (fileNo: number): [from: bigint, to: bigint] {
  return [documentId(fileNo, 0), documentId(fileNo + 1, 0)]
}

/** A document id (decimal, as searchd writes it) split back into its file version and ordinal. */
export function splitDocumentId (id: string): { fileNo: number, ordinal: number } {
  // Ids below 2^53 (file versions below 2^21) are exact as doubles: the common, fast case.
  if (id.length < 16) {
    const value = Number(id)
    return { fileNo: Math.floor(value / 4294967296), ordinal: value % 4294967296 }
  }
  const value = BigInt(id)
  return { fileNo: Number(value >> 32n), ordinal: Number(value & 0xffffffffn) }
}

/** What the shard stores of an article to give its hits, snippets and article view back: every field by name. */
interface StoredRow {
  /** Article id. */
  i: string
  /** Per text field: the normalized text and its patches as [start, end, original]. */
  f: Array<[normalized: string, patches: Array<[number, number, string]>]>
  /** The rest of the article (StoredDocument.metadata). */
  m: StoredDocument['metadata']
}

/** The `doc` attribute of an analyzed article. */
export function storedRow ({ article, fields }: AnalyzedArticle): string {
  const metadata: Record<string, unknown> = {}
  for (const key of ['reporters', 'correspondents', 'author', 'source', 'url', 'date', 'origin'] as const) {
    if (article[key] !== undefined) metadata[key] = article[key]
  }
  const row: StoredRow = {
    i: article.id,
    f: fields.map(field => [field.normalized, field.patches.map(patch => [patch.start, patch.end, patch.original])]),
    m: metadata as StoredDocument['metadata'],
  }
  return JSON.stringify(row)
}

/** A `doc` attribute read back. */
export function parseStoredRow (json: string): StoredDocument {
  const row = JSON.parse(json) as StoredRow
  const fields = {} as Record<TextField, StoredText>
  TEXT_FIELDS.forEach((field, f) => {
    const [normalized, patches] = row.f[f]!
    fields[field] = { normalized, patches: patches.map(([start, end, original]): TextPatch => ({ start, end, original })) }
  })
  return { id: row.i, fields, metadata: row.m }
}

/** Where an article's row goes: its file version, its place there and its rank among the files. */
export interface RowPlace {
  fileNo: number
  fileRank: number
}

/** The VALUES tuple of an analyzed article, in SHARD_COLUMNS order. */
export function shardRow (analyzed: AnalyzedArticle, place: RowPlace): string {
  const { article, fields } = analyzed
  const values: string[] = [documentId(place.fileNo, article.origin?.ordinal ?? 0).toString()]
  fields.forEach((field, f) => {
    const words = new Array<string>(field.words.length)
    for (let i = 0; i < field.words.length; i++) words[i] = wordToken(f, field.words[i]!)
    values.push(`'${words.join(' ')}'`, `'${runCharTokens(field.normalized).join(' ')}'`, `'${pairTokens(field.normalized).join(' ')}'`)
  })
  for (const field of fields) values.push(String(field.words.length))
  values.push(String(place.fileRank), stringKey(article.id), sourceKey(article), `(${peopleOf(article).map(stringKey).join(',')})`, String(dateKey(article.date)), sqlString(storedRow(analyzed)))
  return `(${values.join(',')})`
}

/** The key of an article's source (0 for none). */
export function sourceKey (article: Pick<Article, 'source'>): string {
  return article.source !== undefined && article.source !== '' ? stringKey(article.source) : '0'
}

/** A SphinxQL string literal: the text between single quotes, with `\` and `'` escaped. */
export function sqlString (text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll('\'', '\\\'')}'`
}

/** A value as the SQL string of its JSON (a string attribute). */
export function sqlJson (value: unknown): string {
  return sqlString(JSON.stringify(value))
}
