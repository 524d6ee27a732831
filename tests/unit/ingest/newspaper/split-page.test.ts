import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isNewspaperPage, splitPage } from '../../../../src/ingest/newspaper/split-page.js'
import { endsSentence } from '../../../../src/ingest/newspaper/join-paragraphs.js'
import { SEED_PAGE_TITLES } from '../../../helpers/seed-page.js'

const seedPage = readFileSync(new URL('../../../../corpus/laodong-wubao-page.txt', import.meta.url), 'utf8')

describe('splitPage', () => {
  describe('on the seed newspaper page', () => {
    const articles = splitPage(seedPage)

    it('finds exactly the seven articles, titles in page order', () => {
      expect(articles.map((article) => article.title)).toEqual(SEED_PAGE_TITLES)
    })

    it('takes the heading right above a title as its kicker', () => {
      expect(articles.map((article) => article.kicker)).toEqual([
        '牢记初心使命 忠诚履职尽责',
        '贯彻落实工会十八大精神',
        '寒冬送暖 工会行动',
        undefined,
        undefined,
        undefined,
        undefined,
      ])
    })

    it('leaves the page banner out of every article', () => {
      for (const article of articles) {
        expect([article.title, article.kicker, article.body].join('\n')).not.toContain('奋力开拓首都工会工作新局面')
      }
    })

    it('reads reporters and correspondents from the bylines', () => {
      expect(articles.map((article) => [article.reporters, article.correspondents])).toEqual([
        [['宗晓畅'], []],
        [['余翠平'], []],
        [['刘欣欣'], []],
        [['边磊'], ['张雪']],
        [[], ['晁小争']],
        [['崔欣'], ['孙建国']],
        [['刘欣欣'], []],
      ])
      expect(articles[3]?.byline).toBe('本报讯（记者 边磊 通讯员 张雪）')
    })

    it('starts each body after the byline', () => {
      expect(articles[0]?.body.startsWith('近日，北京市总工会举办机关大讲堂')).toBe(true)
      expect(articles[1]?.body.startsWith('“感谢工会，')).toBe(true)
      for (const article of articles) expect(article.body).not.toContain('本报讯')
    })

    it('repairs paragraphs broken at column breaks', () => {
      const bodies = articles.map((article) => article.body).join('\n')
      expect(bodies).toContain('不负韶华，不负时代。')
      expect(bodies).toContain('会议以线上和线下相结合的形式召开。')
      expect(bodies).toContain('此次“温暖礼盒”外包装')
      expect(bodies).toContain('该公司40余名专、兼职工会干部参加培训。')
      expect(bodies).toContain('既是深入学习贯彻习近平总书记重要讲话精神')
    })

    it('ends every body paragraph with sentence-final punctuation', () => {
      const paragraphs = articles.flatMap((article) => article.body.split('\n'))
      expect(paragraphs.filter((paragraph) => !endsSentence(paragraph))).toEqual([])
    })

    it('keeps each body inside its own article', () => {
      expect(articles[0]?.body.endsWith('分别在主会场、分会场参加座谈会。')).toBe(true)
      expect(articles[0]?.body).not.toContain('贯彻落实工会十八大精神')
      expect(articles[2]?.body.split('\n')).toHaveLength(4)
    })
  })

  it('joins a two-line title without a separator', () => {
    const [article] = splitPage('朝外街道总工会\n将为职工送去万份“温暖礼盒”\n\n本报讯（记者 刘欣欣）近日，服务正式启动。')
    expect(article?.title).toBe('朝外街道总工会将为职工送去万份“温暖礼盒”')
  })

  it('treats headings before the kicker as page furniture', () => {
    const [article] = splitPage('版面通栏标题\n\n引题\n\n正题\n\n本报讯（记者 甲）正文。')
    expect(article).toMatchObject({ title: '正题', kicker: '引题', body: '正文。' })
  })

  it('titles an article without a heading with its first sentence', () => {
    const articles = splitPage('标题一\n\n本报讯（记者 甲）第一篇正文。\n\n本报电（记者 乙）第二篇没有标题。后面还有。')
    expect(articles.map((article) => article.title)).toEqual(['标题一', '第二篇没有标题'])
    expect(articles[0]?.body).toBe('第一篇正文。')
  })

  it('finds a lead printed right under its title without a blank line', () => {
    const [article] = splitPage('引题\n\n正题\n本报讯（记者 甲）正文。\n第二行。')
    expect(article).toMatchObject({ title: '正题', kicker: '引题', body: '正文。第二行。' })
  })

  it('accepts ASCII parentheses and a dateline', () => {
    const articles = splitPage('标题\n\n本报北京12月21日电(记者张三)正文。')
    expect(articles[0]).toMatchObject({ byline: '本报北京12月21日电(记者张三)', reporters: ['张三'], body: '正文。' })
  })
})

describe('isNewspaperPage', () => {
  it('recognizes a page by a block that opens with a byline', () => {
    expect(isNewspaperPage(seedPage)).toBe(true)
    expect(isNewspaperPage('标题\n\n  本报电（记者 甲）正文。')).toBe(true)
  })

  it('does not take prose that mentions 本报 for a page', () => {
    expect(isNewspaperPage('标题\n\n本报记者近日致电该公司。\n\n他说本报讯很及时。')).toBe(false)
  })
})
