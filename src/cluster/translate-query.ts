import type { Analyzer } from '../analysis/analyzer.js'
import { splitScriptRuns } from '../analysis/segment/script-runs.js'
import { createError } from '../errors.js'
import { type AnalyzedClause, type ClauseText, contentWords, matchesAnyWord, type MatchMode } from '../search/analyze-query.js'
import type { ParsedQuery } from '../search/parse-query.js'
import { TEXT_FIELDS, type TextField } from '../types.js'
import { runExpression } from './sphinx-terms.js'

/** A text the stored article must (or, negated, must not) contain: phrases Sphinx cannot check exactly. */
export interface TextCheck {
  text: string
  fields: readonly TextField[]
  negated: boolean
}

/** A query as Sphinx runs it: the MATCH() expression, and the checks left to zhsearch. */
export interface TranslatedQuery {
  /** Empty when the query has no positive clause (it matches nothing). */
  match: string
  checks: TextCheck[]
}

/**
 * What a MATCH() expression may hold: the tokens of sphinx-terms.ts, field names, the
 * operators this module writes. Checked before every query as a last line of defence.
 */
const SAFE_MATCH = /^[0-9a-z_@(),|!" ]*$/

/**
 * Translates analyzed clauses into Sphinx's extended query syntax with the embedded
 * engine's semantics: every positive clause must match (in `any` mode, the relaxed
 * fallback, one is enough), negated ones must not; each word of a term occurs as grep
 * would find it, stop words excepted (they never decide); a long term needs one of its
 * words (see matchesAnyWord); a synonym of a term matches in its place; a phrase occurs
 * literally. Phrases spanning several script runs ("covid 19") match each run in Sphinx
 * and are confirmed against the stored text (`checks`; not in a relaxed query of several
 * clauses, where such a phrase may then match a little more than the embedded engine).
 */
export function translateQuery (clauses: readonly AnalyzedClause[], mode: MatchMode = 'all'): TranslatedQuery {
  const parts: string[] = []
  const negatedParts: string[] = []
  const checks: TextCheck[] = []
  // Relaxed, a document needs only one clause: a phrase's check cannot be applied to all
  // of them, so there it is left out (Sphinx matches each run of the phrase).
  const union = mode === 'any' && clauses.filter(c => !c.clause.negated).length > 1
  for (const analyzed of clauses) {
    const { clause, fields } = analyzed
    let expression: string
    if (clause.kind === 'phrase') {
      const runs = splitScriptRuns(analyzed.phrase)
      const exact = runs.length === 1 && runs[0]!.text === analyzed.phrase
      if (!exact && !(union && !clause.negated)) {
        checks.push({ text: analyzed.phrase, fields, negated: clause.negated })
        // A negated phrase Sphinx cannot check exactly is left to the check alone.
        if (clause.negated) continue
      }
      expression = runs.length === 1 ? runExpression(runs[0]!.text, fields, false) : `(${runs.map(run => runExpression(run.text, fields, false)).join(' ')})`
    } else {
      const anyWord = matchesAnyWord(analyzed, mode)
      const texts = [analyzed, ...analyzed.synonyms]
      expression = texts.map(text => termExpression(text, fields, anyWord)).join(' | ')
      if (texts.length > 1) expression = `(${expression})`
    }
    if (clause.negated) negatedParts.push(expression)
    else parts.push(expression)
  }
  if (parts.length === 0) return { match: '', checks: [] }
  const positive = mode === 'any' && parts.length > 1 ? `(${parts.join(' | ')})` : parts.join(' ')
  const match = [positive, ...negatedParts.map(part => `!${part}`)].join(' ')
  if (!SAFE_MATCH.test(match)) throw createError('INVALID_REQUEST', 'the query could not be translated safely for the search cluster')
  return { match, checks }
}

/** An unquoted term: its one word, or its words (all of its content words, or any of them). */
function termExpression (text: ClauseText, fields: readonly TextField[], anyWord: boolean): string {
  const words = anyWord ? [...new Set(text.words)] : contentWords(text.words)
  if (words.length === 1) return runExpression(words[0]!, fields, true)
  return `(${words.map(word => runExpression(word, fields, true)).join(anyWord ? ' | ' : ' ')})`
}

/** A SphinxQL string literal: the text between single quotes, with `\` and `'` escaped. */
export function sqlString (text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll('\'', '\\\'')}'`
}
