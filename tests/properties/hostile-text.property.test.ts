import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAnalyzer, parseQuery } from '../../src/internal.js'
import { buildSnippets } from '../../src/snippets/build-snippets.js'

/*
 * Random Unicode through the parts that take text from strangers: surrogates (paired and
 * lone), emoji, control characters, right-to-left text, combining marks, long strings.
 * Nothing may throw or hang, and a snippet stays well-formed HTML: escaped text, only
 * <mark> tags, no half of a surrogate pair, and its text is a piece of the original.
 */
const analyzer = createAnalyzer()
const PIECES = ['工会', '饺子', '溫暖', '😀', '👨‍👩‍👧', '\uD800', '\uDC00', '\u0000', '\u202E', 'שלום', 'مرحبا', 'e\u0301', '<script>', '&amp;', '"', "'", '，', '。', '\n', ' ', 'ＬＯＮＧ', '1184.19', '-', ':', '“', '」']
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const unescape = (html: string): string => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

describe('hostile text', () => {
  it('never makes the query parser or the analyzer throw', () => {
    fc.assert(fc.property(hostile, text => {
      const { clauses } = parseQuery(text)
      for (const clause of clauses) analyzer.queryWords(clause.text)
      analyzer.indexText(text)
    }), { numRuns: 400 })
  })

  it('gives well-formed snippets: escaped, only <mark> tags, whole code points, text from the original', () => {
    fc.assert(fc.property(hostile, hostile, fc.integer({ min: 20, max: 120 }), (body, query, length) => {
      const indexed = analyzer.indexText(body.repeat(1 + Math.floor(3000 / Math.max(1, body.length * 40))))
      const terms = analyzer.queryWords(query)
      const snippets = buildSnippets({ normalized: indexed.normalized, patches: indexed.patches }, terms, { length })
      const original = indexed.patches.length === 0 ? indexed.normalized : null
      for (const snippet of snippets) {
        const withoutMarks = snippet.replace(/<\/?mark>/g, '')
        expect(withoutMarks).not.toMatch(/[<>]/)
        const text = unescape(withoutMarks).replace(/^…|…$/g, '')
        if (!LONE_SURROGATE.test(body)) expect(text).not.toMatch(LONE_SURROGATE)
        if (original !== null) expect(original).toContain(text)
      }
    }), { numRuns: 300 })
  })
})
