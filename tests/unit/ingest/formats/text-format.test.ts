import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readTextFormat } from '../../../../src/ingest/formats/text-format.js'

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/ingest/formats/${name}`, import.meta.url), 'utf8')

describe('readTextFormat', () => {
  it('splits a newspaper page into articles with ids by position', () => {
    const text = readFileSync(new URL('../../../../corpus/laodong-wubao-page.txt', import.meta.url), 'utf8')
    const { articles, problems } = readTextFormat(text, 'laodong-wubao-page.txt')
    expect(problems).toEqual([])
    expect(articles.map((article) => article.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `laodong-wubao-page.txt#${n}`))
    expect(articles[4]).toMatchObject({
      title: '房山区窦店镇总工会关爱职工从“心”开始',
      byline: '本报讯（通讯员 晁小争）',
      correspondents: ['晁小争'],
      origin: { file: 'laodong-wubao-page.txt', ordinal: 5 },
    })
    // No empty reporter list is stored for a byline that names only a correspondent.
    expect(articles[4]).not.toHaveProperty('reporters')
  })

  it('reads a plain text as one article titled by its short first line', () => {
    const { articles } = readTextFormat(fixture('plain.txt'), 'notes/plain.txt')
    expect(articles).toEqual([{
      id: 'notes/plain.txt#1',
      title: '首开LONG街项目参观记',
      body: '此次培训内容涵盖工会宣传中的摄影技巧，参观了首开LONG街项目。\n学员们纷纷表示收获很大。',
      origin: { file: 'notes/plain.txt', ordinal: 1 },
    }])
  })

  it('titles a text that opens with a sentence by its file name', () => {
    const { articles } = readTextFormat(fixture('prose.txt'), 'notes/窦店培训.txt')
    expect(articles[0]?.title).toBe('窦店培训')
    expect(articles[0]?.body.split('\n')).toEqual([
      '近日，房山区窦店镇总工会举办职工心理健康培训活动，40余名职工参加培训。',
      '培训课上，老师介绍了提高幸福感的实用策略。',
    ])
  })

  it('joins wrapped lines with a space between Latin words', () => {
    const { articles } = readTextFormat('Title\n\nThe quick brown\nfox jumps.\n', 'en.txt')
    expect(articles[0]?.body).toBe('The quick brown fox jumps.')
  })
})
