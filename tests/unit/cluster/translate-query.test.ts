import { beforeAll, describe, expect, it } from 'vitest'
import { createAnalyzer } from '../../../src/analysis/analyzer.js'
import { parseQuery } from '../../../src/search/parse-query.js'
import { gramFields, RUN_BREAK, termToken } from '../../../src/cluster/sphinx-terms.js'
import { sqlString, translateQuery } from '../../../src/cluster/translate-query.js'
import { analyzeClauses } from '../../../src/search/analyze-query.js'

const analyzer = createAnalyzer()
// Jieba's dictionary loads once, outside the first test's time limit.
beforeAll(() => analyzer.warmUp(), 120_000)

const translate = (query: string, mode: 'all' | 'any' = 'all') => translateQuery(analyzeClauses(parseQuery(query), analyzer), mode)

/** Every MATCH operator of Sphinx's extended syntax, quotes, backslashes, SQL. */
const HOSTILE = [
  '"', '\'', '\\', '\' OR 1=1 --', '@title 工会', '工会|饺子', '!工会', '工会 ~5', '^工会$', '=工会', '"工会"/2', '工会 << 服务',
  '(工会)', 'MATCH(\'x\')', '\'); DELETE FROM shard WHERE id > 0; --', '工会" | @* zzz', '@(title,body) 工会', '工会 NEAR/3 服务',
  '工会 MAYBE 服务', '\u0000', 'zz', 'title:"工会\\" | @body', '$$', '/*', '*/', '%', '`',
]

describe('translateQuery', () => {
  it('writes a word as the word or the phrase of its character pairs, in every field', () => {
    const { match, checks } = translate('工会')
    expect(match).toBe(`(@(title_words,kicker_words,byline_words,body_words) ${termToken('工会')} | @(title_pairs,kicker_pairs,byline_pairs,body_pairs) "${termToken('工会')}")`)
    expect(checks).toEqual([])
  })

  it('finds a single character by its unigram and restricts a field', () => {
    expect(translate('title:会').match).toBe(`(@(title_words) ${termToken('会')} | @(title_chars) ${termToken('会')})`)
  })

  it('needs every word of a short term, any word of a long one or of a relaxed one', () => {
    expect(translate('中国经济').match).not.toContain(' | @(title_words')
    expect(translate('中国经济', 'any').match.split(') | (').length).toBe(2)
    expect(translate('中国经济发展很快').match.split(') | (').length).toBeGreaterThanOrEqual(3)
  })

  it('needs one of several terms when relaxed, and still excludes', () => {
    const all = translate('工会 饺子 -象棋').match
    const any = translate('工会 饺子 -象棋', 'any').match
    expect(all.startsWith('(@')).toBe(true)
    expect(any).toMatch(/^\(\(.*\) \| \(.*\)\) !\(/)
  })

  it('never needs a stop word of a term (我的工会 is 工会)', () => {
    expect(translate('我的工会').match).toBe(translate('工会').match)
  })

  it('matches a term\'s synonyms in its place', () => {
    const synonyms = { synonymsOf: (term: string) => term === '职工' ? ['员工'] : [] }
    const { match } = translateQuery(analyzeClauses(parseQuery('职工'), analyzer, synonyms))
    expect(match).toContain(termToken('职工'))
    expect(match).toContain(termToken('员工'))
    expect(translateQuery(analyzeClauses(parseQuery('"职工"'), analyzer, synonyms)).match).not.toContain(termToken('员工'))
  })

  it('excludes with !, and matches nothing without a positive clause', () => {
    expect(translate('工会 -饺子').match).toMatch(/ !\(/)
    expect(translate('-饺子')).toEqual({ match: '', checks: [] })
  })

  it('leaves phrases across script runs to a check of the stored text', () => {
    const { match, checks } = translate('"中国 经济"')
    expect(checks).toEqual([{ text: '中国 经济', fields: ['title', 'kicker', 'byline', 'body'], negated: false }])
    expect(match).toContain(termToken('中国'))
    expect(translate('工会 -"中国 经济"').checks[0]!.negated).toBe(true)
  })

  it('never puts typed text into MATCH(): hostile strings become tokens of [0-9a-z] and operators it chose', () => {
    for (const query of HOSTILE) {
      const { match } = translate(query)
      expect(match, JSON.stringify(query)).toMatch(/^[0-9a-z_@(),|!" ]*$/)
      for (const token of match.match(/[0-9a-z]+/g) ?? []) {
        expect(token.length === 22 || /^(title|kicker|byline|body|words|chars|pairs)$/.test(token) || token.includes('_'), `${JSON.stringify(query)}: ${token}`).toBe(true)
      }
    }
  })
})

describe('gramFields', () => {
  it('keeps script runs apart in the pairs, so no phrase spans two runs', () => {
    const { chars, pairs } = gramFields('工会,会员', ['工会', '会员'])
    expect(pairs.split(' ')).toEqual([termToken('工会'), RUN_BREAK, termToken('会员'), RUN_BREAK])
    expect(chars.split(' ')).toEqual(['工', '会', '会', '员'].map(termToken))
  })

  it('hashes every term to 22 characters of [0-9a-z]', () => {
    for (const term of ['工', '工会', 'covid-19', 'o\'neil', '1184.19', '𠀀', 'a'.repeat(500)]) expect(termToken(term)).toMatch(/^[0-9a-z]{22}$/)
    expect(termToken('工会')).not.toBe(termToken('会工'))
  })
})

describe('sqlString', () => {
  it('escapes quotes and backslashes and keeps everything else', () => {
    expect(sqlString('a\'b\\c\n"d')).toBe('\'a\\\'b\\\\c\n"d\'')
  })
})
