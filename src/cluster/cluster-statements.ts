import type { FieldMask } from '../searcher/backend.js'
import { TEXT_FIELDS } from '../types.js'
import type { EngineKind } from './cluster-config.js'
import { containsExpression, SHARD_INDEX, wordToken } from './cluster-schema.js'

/*
 * The SphinxQL of a search, statement by statement, as one shard replica runs it. Every
 * statement answers one primitive of the seam exactly, and the documents of a word come
 * back in ONE row (GROUP_CONCAT over a single group): what costs in searchd is keeping
 * matches, not sending them, and one row per shard is the cheapest way to send thousands.
 */

/**
 * Field codes for the expression ranker (`user_weight`): a text field's words column is
 * its number 1-4, every other column 9 (characters and pairs count nothing).
 */
const FIELD_CODES = `field_weights=(${TEXT_FIELDS.flatMap((field, f) => [`${field}_words=${f + 1}`, `${field}_uni=9`, `${field}_bi=9`]).join(', ')})`

/**
 * A word's term frequency per field packed into WEIGHT() (uint32): body 16 bits, title 8,
 * kicker 4, byline 4. A word token is field-qualified, so a words column's hit_count is
 * the word's frequency there. A frequency at its field's cap may be cut: those documents
 * are read again exactly (exactFrequenciesStatement).
 */
const PACKED_FREQUENCIES = 'sum(IF(user_weight==4, MIN(hit_count,65535), IF(user_weight==1, MIN(hit_count,255)*65536, IF(user_weight==2, MIN(hit_count,15)*16777216, IF(user_weight==3, MIN(hit_count,15)*268435456, 0)))))'
/** Per text field: [bit shift, cap] of its frequency in PACKED_FREQUENCIES. */
export const FREQUENCY_PACKING: ReadonlyArray<readonly [shift: number, cap: number]> = [[16, 255], [24, 15], [28, 15], [0, 65535]]

/** A field's frequency out of a packed WEIGHT(). */
export function unpackFrequency (weight: number, f: number): number {
  const [shift, cap] = FREQUENCY_PACKING[f]!
  return Math.floor(weight / 2 ** shift) % (cap + 1)
}

/** The masked fields' word tokens of a word, OR-ed. */
function wordTokens (word: string, mask: FieldMask): string[] {
  return TEXT_FIELDS.flatMap((_, f) => ((mask & (1 << f)) !== 0 ? [wordToken(f, word)] : []))
}

/** A text's documents (grep's), as a MATCH() term; `undefined` when it can have none. */
function contains (text: string, mask: FieldMask): string | undefined {
  const expression = containsExpression(text, mask)
  return expression === undefined ? undefined : `(${expression})`
}

/** Documents that must also contain each of `within`: MATCH() terms, or undefined when none can. */
function restrictions (mask: FieldMask, within: readonly string[] = []): string[] | undefined {
  const terms: string[] = []
  for (const text of within) {
    const term = contains(text, mask)
    if (term === undefined) return undefined
    terms.push(term)
  }
  return terms
}

/**
 * How a list of documents comes back in one row: Sphinx 2.2 keeps several GROUP_CONCAT
 * columns in the same order (measured); Manticore 6 is only documented to keep one, so
 * there the values are joined into one column with CONCAT().
 */
function concatColumns (engineKind: EngineKind, columns: readonly string[]): string {
  if (engineKind === 'sphinx2' || columns.length === 1) return columns.map(column => `GROUP_CONCAT(${column})`).join(', ')
  return `GROUP_CONCAT(CONCAT(${columns.map(column => `TO_STRING(${column})`).join(`, ':', `)}))`
}

/** Splits a row of concatColumns back into one list per column. */
export function readConcatColumns (engineKind: EngineKind, row: readonly unknown[], from: number, columns: number): string[][] {
  if (engineKind === 'sphinx2' || columns === 1) return Array.from({ length: columns }, (_, c) => String(row[from + c]).split(','))
  const lists: string[][] = Array.from({ length: columns }, () => [])
  for (const entry of String(row[from]).split(',')) entry.split(':').forEach((value, c) => lists[c]!.push(value))
  return lists
}

/**
 * A word's postings on one shard, in one row: every document whose masked fields contain
 * its characters (grep), with its frequency per field as a word (packed, see
 * PACKED_FREQUENCIES) and its BM25 lengths (title·2^32 + body, kicker·2^32 + byline).
 * Columns: group, weight, lengths a, lengths b, then the lists (ids, weights, a, b), count.
 * Undefined when no document can hold the word (characters no index holds).
 */
export function wordPostingsStatement (engineKind: EngineKind, word: string, mask: FieldMask): string | undefined {
  const grams = contains(word, mask)
  if (grams === undefined) return undefined
  const match = [...wordTokens(word, mask), grams].join(' | ')
  return `SELECT id % 1 AS g, WEIGHT() AS w, BIGINT(title_len) * 4294967296 + body_len AS la, BIGINT(kicker_len) * 4294967296 + byline_len AS lb, ${concatColumns(engineKind, ['id', 'w', 'la', 'lb'])}, COUNT(*) AS n FROM ${SHARD_INDEX} WHERE MATCH('${match}') GROUP BY g OPTION ranker=expr('${PACKED_FREQUENCIES}'), ${FIELD_CODES}, max_matches=1`
}

/** The documents of a text on one shard, in one row (group, ids, count); undefined when none can hold it. */
export function textDocumentsStatement (text: string, mask: FieldMask, within?: readonly string[]): string | undefined {
  const grams = contains(text, mask)
  const restricted = restrictions(mask, within)
  if (grams === undefined || restricted === undefined) return undefined
  return `SELECT id % 1 AS g, GROUP_CONCAT(id), COUNT(*) FROM ${SHARD_INDEX} WHERE MATCH('${[grams, ...restricted].join(' ')}') GROUP BY g OPTION ranker=none, max_matches=1`
}

/**
 * The exact frequencies of a word in some documents (those whose packed frequency hit a
 * cap): PACKEDFACTORS() names each keyword's tf, and the keywords are the word's tokens
 * of the masked fields, in field order.
 */
export function exactFrequenciesStatement (word: string, mask: FieldMask, ids: readonly string[]): string {
  return `SELECT id, PACKEDFACTORS() FROM ${SHARD_INDEX} WHERE MATCH('${wordTokens(word, mask).join(' | ')}') AND id IN (${ids.join(',')}) LIMIT 0, ${ids.length} OPTION ranker=expr('1'), max_matches=${Math.max(1, ids.length)}`
}

/** The shard's live rows: count and words per text field (the collection statistics, per generation). */
export const SHARD_STATISTICS = `SELECT COUNT(*), ${TEXT_FIELDS.map(field => `SUM(${field}_len)`).join(', ')} FROM ${SHARD_INDEX}`

/** Stored documents by id, with their words per text field (TEXT_FIELDS order after `doc`: BM25's lengths). */
export function storedStatement (ids: readonly string[]): string {
  return `SELECT id, doc, ${TEXT_FIELDS.map(field => `${field}_len`).join(', ')} FROM ${SHARD_INDEX} WHERE id IN (${ids.join(',')}) LIMIT 0, ${ids.length} OPTION max_matches=${Math.max(1, ids.length)}`
}

/** The stored document of an article, by its key. */
export function storedByKeyStatement (articleKey: string): string {
  return `SELECT id, doc FROM ${SHARD_INDEX} WHERE article_key = ${articleKey} LIMIT 0, 10`
}

/** Documents per pair token (any field), from the shard's dictionary. */
export function pairDocumentsStatement (tokens: readonly string[]): string {
  return `CALL KEYWORDS('${tokens.join(' ')}', '${SHARD_INDEX}', 1)`
}

/** Metadata filters as SphinxQL conditions (keys and date keys, see sphinx-terms.ts). */
export interface FilterConditions {
  person?: string
  source?: string
  fromKey?: number
  toKey?: number
}

/** The ids among `ids` that pass the filters. */
export function filterStatement (ids: readonly string[], filters: FilterConditions): string {
  const conditions = [`id IN (${ids.join(',')})`]
  if (filters.person !== undefined) conditions.push(`people = ${filters.person}`)
  if (filters.source !== undefined) conditions.push(`source_key = ${filters.source}`)
  if (filters.fromKey !== undefined || filters.toKey !== undefined) conditions.push('date_key > 0')
  if (filters.fromKey !== undefined) conditions.push(`date_key >= ${filters.fromKey}`)
  if (filters.toKey !== undefined) conditions.push(`date_key <= ${filters.toKey}`)
  return `SELECT id FROM ${SHARD_INDEX} WHERE ${conditions.join(' AND ')} LIMIT 0, ${ids.length} OPTION max_matches=${Math.max(1, ids.length)}`
}

/** How often each value of a facet (people: each person; source_key) occurs among `ids`. */
export function facetStatement (attribute: 'people' | 'source_key', ids: readonly string[], values: number): string {
  const groups = Math.max(1, values)
  return `SELECT GROUPBY(), COUNT(*) FROM ${SHARD_INDEX} WHERE id IN (${ids.join(',')}) GROUP BY ${attribute} LIMIT 0, ${groups} OPTION max_matches=${groups}`
}
