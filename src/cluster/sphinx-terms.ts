import { createHash } from 'node:crypto'
import type { Analyzer } from '../analysis/analyzer.js'
import { splitScriptRuns } from '../analysis/segment/script-runs.js'
import { TEXT_FIELDS, type Article, type TextField } from '../types.js'
import type { GramKind } from './cluster-config.js'

/*
 * zhsearch's terms travel to Sphinx as hashed tokens: two 53-bit hashes of the term in
 * base 36, 22 characters of [0-9a-z]. Sphinx's charset is exactly those characters, so
 * nothing the analyzer emits is re-split or folded (Han, Latin with hyphens, Cyrillic,
 * digits with dots all alike), no term outgrows Sphinx's 42-character word limit, and a
 * MATCH() expression can only hold tokens zhsearch wrote: user text never reaches it.
 */

/** A token no term hashes to: written between script runs in `*_pairs`, so that no phrase spans two runs. */
export const RUN_BREAK = 'z'

const TOKEN_CACHE_LIMIT = 1 << 20
const tokenCache = new Map<string, string>()

/** The token of a term: [0-9a-z]{22}. */
export function termToken (term: string): string {
  let token = tokenCache.get(term)
  if (token === undefined) {
    token = hash53(term, 0x9e3779b9).toString(36).padStart(11, '0') + hash53(term, 0x85ebca6b).toString(36).padStart(11, '0')
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear()
    tokenCache.set(term, token)
  }
  return token
}

/** cyrb53: a fast 53-bit string hash (public domain, bryc). */
function hash53 (text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/**
 * A stable 60-bit key of a string, as a decimal string (Sphinx's document ids and 64-bit
 * attributes): the article id's document id, a person's or a source's key.
 */
export function stringKey (text: string): string {
  const key = BigInt(`0x${createHash('sha1').update(text).digest('hex').slice(0, 15)}`)
  return (key === 0n ? 1n : key).toString()
}

/** The shard an article id lives on. */
export function shardOf (docId: string, shards: number): number {
  return Number(BigInt(docId) % BigInt(shards))
}

/** The three full-text fields of one normalized text field: words, characters, character pairs. */
export function gramFields (normalized: string, words: readonly string[]): Record<GramKind, string> {
  const chars: string[] = []
  const pairs: string[] = []
  for (const run of splitScriptRuns(normalized)) {
    const codes = [...run.text]
    for (let i = 0; i < codes.length; i++) {
      chars.push(termToken(codes[i]!))
      if (i > 0) pairs.push(termToken(codes[i - 1]! + codes[i]!))
    }
    pairs.push(RUN_BREAK)
  }
  return { words: words.map(termToken).join(' '), chars: chars.join(' '), pairs: pairs.join(' ') }
}

/** Every full-text field of an article, keyed `<field>_<kind>`. */
export function articleFields (article: Article, analyzer: Analyzer): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const field of TEXT_FIELDS) {
    const { normalized, words } = analyzer.indexText(article[field] ?? '')
    const grams = gramFields(normalized, words)
    for (const kind of Object.keys(grams) as GramKind[]) fields[`${field}_${kind}`] = grams[kind]
  }
  return fields
}

/** The `@(…)` field list of some text fields' columns of one kind. */
export function fieldList (fields: readonly TextField[], kind: GramKind): string {
  return `@(${fields.map(field => `${field}_${kind}`).join(',')})`
}

/**
 * A MATCH() expression that finds exactly the documents where `text` (one script run of
 * normalized text) occurs in one of `fields`, as grep would: its character when it is
 * one character, else the phrase of its character pairs (runs are kept apart by
 * RUN_BREAK, so consecutive pairs overlap in one run). A whole-word match is OR-ed in
 * for its score.
 */
export function runExpression (run: string, fields: readonly TextField[], asWord: boolean): string {
  const chars = [...run]
  const grams = chars.length === 1
    ? `${fieldList(fields, 'chars')} ${termToken(run)}`
    : `${fieldList(fields, 'pairs')} "${chars.slice(1).map((char, i) => termToken(chars[i]! + char)).join(' ')}"`
  return asWord ? `(${fieldList(fields, 'words')} ${termToken(run)} | ${grams})` : `(${grams})`
}

/** The date of an article as a number that compares as the engine compares dates (YYYYMMDD, missing parts 00); 0 when there is none. */
export function dateKey (date: string | undefined): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date ?? '')
  if (match === null) return 0
  return Number(match[1]) * 10000 + Number(match[2] ?? 0) * 100 + Number(match[3] ?? 0)
}

/** The last date key a `dateTo` filter lets through (its missing parts as 99). */
export function dateToKey (dateTo: string): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(dateTo)!
  return Number(match[1]) * 10000 + (match[2] !== undefined ? Number(match[2]) : 99) * 100 + (match[3] !== undefined ? Number(match[3]) : 99)
}
