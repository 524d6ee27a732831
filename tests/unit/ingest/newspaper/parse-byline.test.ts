import { describe, expect, it } from 'vitest'
import { parseByline } from '../../../../src/ingest/newspaper/parse-byline.js'

describe('parseByline', () => {
  it('reads a reporter', () => {
    expect(parseByline('本报讯（记者 宗晓畅）近日，北京市总工会举办座谈会。')).toEqual({
      byline: '本报讯（记者 宗晓畅）',
      reporters: ['宗晓畅'],
      correspondents: [],
      rest: '近日，北京市总工会举办座谈会。',
    })
  })

  it('reads a reporter and a correspondent', () => {
    expect(parseByline('本报讯（记者 边磊 通讯员 张雪）近日')).toMatchObject({ reporters: ['边磊'], correspondents: ['张雪'] })
  })

  it('reads a correspondent alone', () => {
    expect(parseByline('本报讯（通讯员 晁小争）近日')).toMatchObject({ reporters: [], correspondents: ['晁小争'] })
  })

  it('splits names on spaces, 、, ， and full-width spaces', () => {
    expect(parseByline('本报讯（记者 甲、乙，丙　丁 通讯员 戊 己）')).toMatchObject({
      reporters: ['甲', '乙', '丙', '丁'],
      correspondents: ['戊', '己'],
    })
  })

  it('tolerates ASCII parentheses and a missing space after 记者', () => {
    expect(parseByline('本报电(记者宗晓畅)近日')).toMatchObject({ byline: '本报电(记者宗晓畅)', reporters: ['宗晓畅'], rest: '近日' })
  })

  it('keeps an opening quote as the start of the text', () => {
    expect(parseByline('本报讯（记者 余翠平）“感谢工会。”')?.rest).toBe('“感谢工会。”')
  })

  it('trims white space and separators between byline and text', () => {
    expect(parseByline('  本报讯（记者 甲）　，近日')).toMatchObject({ byline: '本报讯（记者 甲）', rest: '近日' })
  })

  it('returns undefined for a paragraph without a byline', () => {
    expect(parseByline('本报记者近日致电该公司。')).toBeUndefined()
    expect(parseByline('近日，本报讯（记者 甲）')).toBeUndefined()
  })
})
