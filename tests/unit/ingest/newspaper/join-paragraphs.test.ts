import { describe, expect, it } from 'vitest'
import { endsSentence, joinFragments, joinParagraphs } from '../../../../src/ingest/newspaper/join-paragraphs.js'

describe('joinParagraphs', () => {
  it('joins a block that does not end a sentence with the next, without a separator', () => {
    expect(joinParagraphs(['不负韶华，不', '负时代。'])).toEqual(['不负韶华，不负时代。'])
    expect(joinParagraphs(['会议以线上和线下相结合的', '形式召开。'])).toEqual(['会议以线上和线下相结合的形式召开。'])
    expect(joinParagraphs(['记者了解到，此次“温暖', '礼盒”外包装上印有字样。'])).toEqual(['记者了解到，此次“温暖礼盒”外包装上印有字样。'])
    expect(joinParagraphs(['该公司40余名专、', '兼职工会干部参加培训。'])).toEqual(['该公司40余名专、兼职工会干部参加培训。'])
  })

  it('keeps blocks that end a sentence, closing quotes included, as paragraphs', () => {
    expect(joinParagraphs(['他说：“很好。”', '第二段！', '第三段？'])).toEqual(['他说：“很好。”', '第二段！', '第三段？'])
  })

  it('joins across several broken blocks', () => {
    expect(joinParagraphs(['一', '二', '三。'])).toEqual(['一二三。'])
  })

  it('keeps an unfinished last paragraph', () => {
    expect(joinParagraphs(['完整的一段。', '未完'])).toEqual(['完整的一段。', '未完'])
  })
})

describe('joinFragments', () => {
  it('puts a space only between Latin letters or digits', () => {
    expect(joinFragments('version', '2 is out')).toBe('version 2 is out')
    expect(joinFragments('首开LONG', '街项目')).toBe('首开LONG街项目')
    expect(joinFragments('2023', '年')).toBe('2023年')
  })
})

describe('endsSentence', () => {
  it('accepts 。！？!?；… optionally followed by closing quotes or brackets', () => {
    for (const text of ['好。', '好！', '好？', 'ok!', 'ok?', '好；', '好…', '好。”', '好。）', '好。’”']) {
      expect(endsSentence(text), text).toBe(true)
    }
    for (const text of ['好，', '好', '好、', '“好”', '好：']) {
      expect(endsSentence(text), text).toBe(false)
    }
  })
})
