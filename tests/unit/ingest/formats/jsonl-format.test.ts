import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readJsonlFormat } from '../../../../src/ingest/formats/jsonl-format.js'

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/ingest/formats/${name}`, import.meta.url), 'utf8')

describe('readJsonlFormat', () => {
  it('reads the other lines around a broken one and reports its line', () => {
    const { articles, problems } = readJsonlFormat(fixture('broken-line.jsonl'), 'feeds/broken-line.jsonl')
    expect(articles.map((article) => [article.id, article.origin?.line])).toEqual([['j1', 1], ['j3', 3], ['j4', 5]])
    expect(problems).toEqual([{
      file: 'feeds/broken-line.jsonl',
      line: 2,
      code: 'INVALID_JSON',
      message: expect.stringContaining('line 2') as unknown as string,
    }])
  })

  it('reads the body from text or content and derives a missing title', () => {
    const { articles } = readJsonlFormat(fixture('text-content.jsonl'), 'tc.jsonl')
    expect(articles).toEqual([
      { id: 'tc.jsonl#1', title: '用 text 字段', body: '这条记录的正文在 text 字段里。', origin: { file: 'tc.jsonl', ordinal: 1, line: 1 } },
      { id: 'tc.jsonl#2', title: '用 content 字段', body: '这条记录的正文在 content 字段里。', origin: { file: 'tc.jsonl', ordinal: 2, line: 2 } },
      {
        id: 'tc.jsonl#3',
        title: '没有标题的记录，标题取自正文的第一句',
        byline: '晁小争',
        author: '晁小争',
        body: '没有标题的记录，标题取自正文的第一句。后面还有第二句。',
        date: '2023-12-05',
        origin: { file: 'tc.jsonl', ordinal: 3, line: 3 },
      },
    ])
  })

  it('reports records without body text and non-objects as invalid articles with their lines', () => {
    const { problems } = readJsonlFormat(fixture('text-content.jsonl'), 'tc.jsonl')
    expect(problems.map((problem) => [problem.code, problem.line])).toEqual([['INVALID_ARTICLE', 4], ['INVALID_ARTICLE', 5]])
  })

  it('reports wrong field types', () => {
    const { articles, problems } = readJsonlFormat('{"id": true, "body": "正文。"}\n{"body": ["正文"]}\n', 'x.jsonl')
    expect(articles).toEqual([])
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/line 1 .*id/),
      expect.stringMatching(/line 2 .*body/),
    ])
  })

  it('accepts null for absent optional fields', () => {
    const { articles } = readJsonlFormat('{"id": 7, "title": null, "author": null, "body": "正文。"}', 'x.jsonl')
    expect(articles).toEqual([{ id: '7', title: '正文', body: '正文。', origin: { file: 'x.jsonl', ordinal: 1, line: 1 } }])
  })
})
