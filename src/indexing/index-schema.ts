import type { Options } from 'minisearch'
import { TEXT_FIELDS, type TextField } from '../types.js'
import { encodeTerm } from './term-key.js'

/** The MiniSearch field holding a text field's words. */
export function wordField (field: TextField): string {
  return field
}

/** The MiniSearch field holding a text field's character grams. */
export function gramField (field: TextField): string {
  return `${field}_g`
}

export const WORD_FIELDS: readonly string[] = TEXT_FIELDS.map(wordField)
export const GRAM_FIELDS: readonly string[] = TEXT_FIELDS.map(gramField)

/**
 * How much a match in each text field counts. A title says what an article is about;
 * kicker and byline are short and deliberate; the body is where most words are.
 */
export const FIELD_BOOSTS: Readonly<Record<TextField, number>> = {
  title: 3,
  kicker: 1.5,
  byline: 1.5,
  body: 1,
}

/**
 * A match that is only characters (the gram fields) counts this much of a whole-word
 * match, so 工会 as a word ranks above 工会 found across a word boundary.
 */
export const GRAM_WEIGHT = 0.4

/**
 * Separates pre-analyzed terms in the strings handed to MiniSearch. No term contains it:
 * terms are runs of letters, digits and ideographs.
 */
export const TERM_SEPARATOR = '\u0000'

/**
 * A document as handed to MiniSearch: terms already analyzed, per MiniSearch field, as
 * one string of radix-tree keys joined by TERM_SEPARATOR. One string per field is what
 * MiniSearch tokenizes anyway, and it crosses from a worker thread far faster than an
 * array of thousands of short strings.
 */
export interface IndexedTerms {
  id: string
  fields: Record<string, string>
}

/**
 * The MiniSearch options, in one place: building and loading an index must use the same.
 * Documents arrive analyzed (see analyze-article.ts), so MiniSearch's own tokenizer only
 * unpacks the term lists, and search terms are used exactly as given; both are stored
 * under their radix-tree keys (term-key.ts). Results name terms by key: decode them.
 */
export function miniSearchOptions (): Options<IndexedTerms> {
  return {
    idField: 'id',
    fields: [...WORD_FIELDS, ...GRAM_FIELDS],
    storeFields: [],
    extractField: (document, fieldName) =>
      fieldName === 'id' ? document.id : (document.fields[fieldName] ?? ''),
    tokenize: (text) => text.split(TERM_SEPARATOR),
    // Terms arrive as keys already (encoded where they were analyzed, possibly a worker).
    processTerm: (term) => term === '' ? null : term,
    searchOptions: {
      tokenize: (text) => [text],
      processTerm: encodeTerm,
    },
    // Vacuuming runs in the background after removals; the indexer calls it explicitly.
    autoVacuum: false,
  }
}
