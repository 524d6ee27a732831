import type { TextField } from '../types.js'

/** One part of a query: a term or an exact phrase, possibly limited to a field or excluded. */
export interface QueryClause {
  /** `term`: all its words must occur; `phrase`: the text must occur exactly as written. */
  kind: 'term' | 'phrase'
  /** The clause's text as typed (without quotes, minus sign or field prefix). */
  text: string
  /** Limits the clause to one field (`title:工会`). */
  field?: TextField
  /** `-term`: articles that match the clause are left out. */
  negated: boolean
}

export interface ParsedQuery {
  clauses: QueryClause[]
}

/**
 * Field prefixes a query may use, in English and in Chinese (标题:工会 reads as title:工会).
 */
const FIELD_NAMES: Readonly<Record<string, TextField>> = {
  title: 'title',
  kicker: 'kicker',
  byline: 'byline',
  body: 'body',
  标题: 'title',
  题目: 'title',
  引题: 'kicker',
  作者: 'byline',
  记者: 'byline',
  署名: 'byline',
  正文: 'body',
}

/*
 * Syntax characters as Chinese input methods type them: curly and corner quotes, the
 * full-width quote, minus, colon and space. They act like their ASCII forms.
 */
const SYNTAX_FOLDS: Readonly<Record<string, string>> = {
  '“': '"',
  '”': '"',
  '„': '"',
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '＂': '"',
  '－': '-',
  '：': ':',
  '\u3000': ' ',
}

const FIELD_PREFIX = new RegExp(`^(${Object.keys(FIELD_NAMES).join('|')}):(?=\\S)`, 'i')

/**
 * Parses what a person typed. Whitespace separates clauses, all of which must match;
 * `"…"` is an exact phrase; a leading `-` excludes; `field:` limits a clause to a field.
 * Never throws: unbalanced quotes end at the end of the query, a lone `-` or an unknown
 * `name:` is plain text.
 */
export function parseQuery (query: string): ParsedQuery {
  const text = [...query].map(char => SYNTAX_FOLDS[char] ?? char).join('')
  const clauses: QueryClause[] = []
  let i = 0
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++
      continue
    }
    let negated = false
    if (text[i] === '-' && i + 1 < text.length && !/[\s-]/.test(text[i + 1]!)) {
      negated = true
      i++
    }
    let field: TextField | undefined
    const prefix = FIELD_PREFIX.exec(text.slice(i))
    if (prefix !== null) {
      field = FIELD_NAMES[prefix[1]!.toLowerCase()] ?? FIELD_NAMES[prefix[1]!]
      i += prefix[0].length
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1)
      const end = close === -1 ? text.length : close
      const phrase = text.slice(i + 1, end).trim()
      if (phrase !== '') clauses.push({ kind: 'phrase', text: phrase, negated, ...(field !== undefined ? { field } : {}) })
      i = end + 1
      continue
    }
    let end = i
    while (end < text.length && !/\s/.test(text[end]!) && text[end] !== '"') end++
    const term = text.slice(i, end)
    if (term !== '') clauses.push({ kind: 'term', text: term, negated, ...(field !== undefined ? { field } : {}) })
    i = end
  }
  return { clauses }
}
