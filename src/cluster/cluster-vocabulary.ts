import { wordPinyin } from '../analysis/pinyin/word-pinyin.js'
import type { AnalyzedArticle } from '../indexing/analyze-article.js'
import type { WordUses } from '../searcher/backend.js'
import { charToken, sqlString } from './cluster-schema.js'
import { stringKey, termToken } from './sphinx-terms.js'

/*
 * The vocabulary of the corpus, an RT index on the head: one row per word of the index (a
 * word, subword or alphanumeric run of any field of any live article) with how many live
 * articles hold it as a whole word and at all. It answers what the embedded segments'
 * dictionaries answer: the words starting with a prefix (suggestions) and the words a
 * pinyin key spells (pinyin search and suggestions). The writer keeps the counts exact
 * (cluster-writer.ts); a word no article holds any more is deleted.
 *
 * Full-text fields, each of tokens zhsearch writes in [0-9a-z]:
 *   prefixes           every prefix of the word: its code points in base 36, four characters
 *                      each (past nine code points, `h` and a hash: 23 characters, which no
 *                      direct prefix has)
 *   full, initials     the word's full pinyin and its initials (wordPinyin), as letters
 *   full_prefixes, initials_prefixes   every prefix of those
 * A pinyin token longer than 40 letters is `0` and a hash (pinyin has no digits).
 */
export const VOCABULARY_INDEX = 'zhsearch_vocabulary'
export const VOCABULARY_FIELDS = ['prefixes', 'full', 'initials', 'full_prefixes', 'initials_prefixes'] as const
export const VOCABULARY_ATTRIBUTES: ReadonlyArray<readonly [string, string]> = [['term', 'string'], ['whole_docs', 'uint'], ['all_docs', 'uint']]
const VOCABULARY_COLUMNS = `(id, ${VOCABULARY_FIELDS.join(', ')}, term, whole_docs, all_docs)`

/** Names of authors and sources by their keys (the facets' values), on the head. */
export const NAMES_INDEX = 'zhsearch_names'

/** Letters of a pinyin token written as they are. */
const DIRECT_PINYIN_LETTERS = 40
/** Code points of a prefix token written as they are (four characters each, within Sphinx's 42 bytes). */
const DIRECT_PREFIX_CODE_POINTS = 9

/** The token of a word's prefix (also of a whole word: its longest prefix). */
export function prefixToken (prefix: string): string {
  let token = ''
  let count = 0
  for (const char of prefix) {
    if (++count > DIRECT_PREFIX_CODE_POINTS) return `h${termToken(prefix)}`
    token += charToken(char)
  }
  return token
}

/** The token of pinyin letters. */
export function pinyinToken (letters: string): string {
  return letters.length <= DIRECT_PINYIN_LETTERS ? letters : `0${termToken(letters)}`
}

/** Per distinct word of an article: true when it holds the word as a whole word somewhere. */
export function articleWords ({ fields }: AnalyzedArticle): Map<string, boolean> {
  const seen = new Map<string, boolean>()
  for (const field of fields) {
    for (let i = 0; i < field.words.length; i++) {
      const word = field.words[i]!
      if (seen.get(word) !== true) seen.set(word, field.whole[i] === true)
    }
  }
  return seen
}

/** Word uses to add (or, with `sign` -1, take away) for an article. */
export function countWords (counts: Map<string, WordUses>, analyzed: AnalyzedArticle, sign: 1 | -1 = 1): void {
  for (const [word, whole] of articleWords(analyzed)) {
    const uses = counts.get(word)
    if (uses === undefined) counts.set(word, { whole: whole ? sign : 0, all: sign })
    else {
      uses.all += sign
      if (whole) uses.whole += sign
    }
  }
}

/** The vocabulary row id of a word. */
export function vocabularyId (word: string): string {
  return stringKey(`vocabulary:${word}`)
}

/** The VALUES tuple of a word with its uses. */
export function vocabularyRow (word: string, uses: WordUses): string {
  const chars = [...word]
  const prefixes = chars.map((_, i) => prefixToken(chars.slice(0, i + 1).join('')))
  const pinyin = wordPinyin(word)
  const letterPrefixes = (letters: string | undefined): string => {
    if (letters === undefined) return ''
    const tokens: string[] = []
    for (let i = 1; i <= letters.length; i++) tokens.push(pinyinToken(letters.slice(0, i)))
    return tokens.join(' ')
  }
  const full = pinyin?.full
  const initials = pinyin?.initials
  return `(${[
    vocabularyId(word),
    `'${prefixes.join(' ')}'`,
    `'${full !== undefined ? pinyinToken(full) : ''}'`,
    `'${initials !== undefined ? pinyinToken(initials) : ''}'`,
    `'${letterPrefixes(full)}'`,
    `'${letterPrefixes(initials)}'`,
    sqlString(word),
    String(uses.whole),
    String(uses.all),
  ].join(',')})`
}

/** A statement writing vocabulary rows (replacing those of the same words). */
export function replaceVocabulary (rows: readonly string[]): string {
  return `REPLACE INTO ${VOCABULARY_INDEX} ${VOCABULARY_COLUMNS} VALUES ${rows.join(',')}`
}

/** The statement reading the uses of words by id (never `term IN (…)`: a string attribute has no index). */
export function vocabularyUsesStatement (words: readonly string[]): string {
  return `SELECT term, whole_docs, all_docs FROM ${VOCABULARY_INDEX} WHERE id IN (${words.map(vocabularyId).join(',')}) LIMIT 0, ${words.length} OPTION max_matches = ${Math.max(1, words.length)}`
}

/** The statement counting the vocabulary's words (SearcherStats.terms). */
export const VOCABULARY_SIZE = `SELECT COUNT(*) FROM ${VOCABULARY_INDEX}`

/** A MATCH() of the vocabulary for the words starting with a prefix. */
export function completionsMatch (normalizedPrefix: string): string {
  return `@prefixes ${prefixToken(normalizedPrefix)}`
}

/** A MATCH() of the vocabulary for the words a pinyin key spells (or, `prefix`, starts to spell). */
export function spelledMatch (kind: 'full' | 'initials', letters: string, prefix: boolean): string {
  return `@${kind}${prefix ? '_prefixes' : ''} ${pinyinToken(letters)}`
}

/** The vocabulary rows of a MATCH(): at most `limit`, with the uses of each word. */
export function vocabularyStatement (match: string, limit: number): string {
  return `SELECT term, whole_docs, all_docs FROM ${VOCABULARY_INDEX} WHERE MATCH('${match}') LIMIT 0, ${limit} OPTION max_matches = ${limit}, ranker = none`
}

/** Rows of vocabularyStatement as a map of words to uses. */
export function readVocabularyRows (rows: readonly unknown[][], map = new Map<string, WordUses>()): Map<string, WordUses> {
  for (const row of rows) map.set(String(row[0]), { whole: Number(row[1]), all: Number(row[2]) })
  return map
}
