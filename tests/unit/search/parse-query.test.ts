import { describe, expect, it } from 'vitest'
import { parseQuery } from '../../../src/search/parse-query.js'

describe('parseQuery', () => {
  it.each([
    ['splits terms on whitespace, including the ideographic space', '工会　饺子 温暖', [
      { kind: 'term', text: '工会', negated: false },
      { kind: 'term', text: '饺子', negated: false },
      { kind: 'term', text: '温暖', negated: false },
    ]],
    ['reads a quoted exact phrase', '"冬季送温暖" 工会', [
      { kind: 'phrase', text: '冬季送温暖', negated: false },
      { kind: 'term', text: '工会', negated: false },
    ]],
    ['reads Chinese curly and corner quotes as phrase quotes', '“冬季送温暖” 「温暖礼盒」', [
      { kind: 'phrase', text: '冬季送温暖', negated: false },
      { kind: 'phrase', text: '温暖礼盒', negated: false },
    ]],
    ['reads a leading minus as an exclusion', '工会 -饺子 －冬至', [
      { kind: 'term', text: '工会', negated: false },
      { kind: 'term', text: '饺子', negated: true },
      { kind: 'term', text: '冬至', negated: true },
    ]],
    ['reads field prefixes in English and Chinese, with either colon', 'title:工会 标题：饺子 -body:"温暖 礼盒"', [
      { kind: 'term', text: '工会', field: 'title', negated: false },
      { kind: 'term', text: '饺子', field: 'title', negated: false },
      { kind: 'phrase', text: '温暖 礼盒', field: 'body', negated: true },
    ]],
    ['treats an unknown prefix, a lone minus and an inner minus as text', '12:30 - covid-19', [
      { kind: 'term', text: '12:30', negated: false },
      { kind: 'term', text: '-', negated: false },
      { kind: 'term', text: 'covid-19', negated: false },
    ]],
    ['ends an unclosed quote at the end of the query', '"冬季送', [{ kind: 'phrase', text: '冬季送', negated: false }]],
    ['drops empty phrases', '"" "  "', []],
    ['gives nothing for an empty query', '   ', []],
  ])('%s', (_name, query, clauses) => {
    expect(parseQuery(query).clauses).toEqual(clauses)
  })
})
