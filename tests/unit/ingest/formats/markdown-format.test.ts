import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readMarkdownFormat, splitFrontMatter } from '../../../../src/ingest/formats/markdown-format.js'

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/ingest/formats/${name}`, import.meta.url), 'utf8')

describe('readMarkdownFormat', () => {
  it('takes title, date, author, source and url from the front matter', () => {
    const { articles, problems } = readMarkdownFormat(fixture('front-matter.md'), 'front-matter.md')
    expect(problems).toEqual([])
    expect(articles).toHaveLength(1)
    expect(articles[0]).toMatchObject({
      id: 'front-matter.md#1',
      title: '朝外街道总工会将为职工送去万份温暖礼盒',
      date: '2023-12-21',
      author: '刘欣欣',
      byline: '刘欣欣',
      source: '劳动午报',
      url: 'https://example.com/wenuan',
      origin: { file: 'front-matter.md', ordinal: 1 },
    })
  })

  it('strips markup from the body and drops the heading repeating the title', () => {
    const { articles } = readMarkdownFormat(fixture('front-matter.md'), 'front-matter.md')
    expect(articles[0]?.body.split('\n')).toEqual([
      '近日，朝阳区朝外街道总工会冬季送温暖服务正式启动，投入资金约120万元。',
      '详见劳动午报的报道，礼盒编号为 WN-2024。',
      '送温暖活动',
      '走访慰问新就业形态劳动者',
      '送门票等服务',
    ])
  })

  it('takes the title from the first # heading when there is no front matter', () => {
    const { articles } = readMarkdownFormat(fixture('plain.md'), 'plain.md')
    expect(articles[0]).toEqual({
      id: 'plain.md#1',
      title: '怀柔安佳医院工会组织棋牌比赛',
      body: '此次比赛分为病区团体赛和个人赛。\n选手们各显身手，体验着博弈带来的乐趣。',
      origin: { file: 'plain.md', ordinal: 1 },
    })
  })

  it('falls back to the file name for the title', () => {
    const { articles } = readMarkdownFormat(fixture('no-heading.md'), 'notes/窦店.md')
    expect(articles[0]?.title).toBe('窦店')
    expect(articles[0]?.body.split('\n')).toHaveLength(2)
  })

  it('keeps a front-matter id as the article id', () => {
    const { articles } = readMarkdownFormat('---\nid: story-7\n---\n正文。\n', 'x.md')
    expect(articles[0]?.id).toBe('story-7')
  })
})

describe('splitFrontMatter', () => {
  it('strips quotes and ignores unknown keys', () => {
    expect(splitFrontMatter('---\ntitle: \'标题\'\nTags: [a]\nauthor: "作者"\n---\n正文').frontMatter).toEqual({ title: '标题', author: '作者' })
  })

  it('treats a --- line without a closing one as content', () => {
    expect(splitFrontMatter('---\n正文').frontMatter).toEqual({})
  })
})
