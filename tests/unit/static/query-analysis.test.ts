import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChineseConverter, keepTablesFor } from '../../../src/analysis/normalize/chinese-tables.js'
import { simplifiedChineseTables, toSimplifiedChinese } from '../../../src/analysis/normalize/simplified-chinese.js'
import type { Analyzer } from '../../../src/internal.js'
import { folderSource } from '../../../src/static/read/folder-source.js'
import { IndexFiles } from '../../../src/static/read/index-files.js'
import { StaticIndex } from '../../../src/static/read/static-index.js'
import { type ExportedCorpus, exportCorpus } from '../../helpers/static-export.js'

/*
 * The browser reads a query as the server does, without Jieba or OpenCC's dictionaries:
 * from what the export ships (the folds, OpenCC's tables for the characters of the index,
 * Jieba's words and emissions of the query's characters, the corpus's user words). Checked
 * against the index's own analyzer, on the default corpus and its user.dict.
 */

let exported: ExportedCorpus
let index: StaticIndex
let analyzer: Analyzer

beforeAll(async () => {
  exported = await exportCorpus()
  index = await StaticIndex.open(new IndexFiles(folderSource(exported.siteDir)))
  analyzer = exported.engine.analyzer
}, 120_000)

afterAll(async () => {
  await exported?.cleanup()
})

/** The static analyzer's words of a query, its vocabulary loaded first (as a search does). */
async function staticWords (query: string): Promise<string[]> {
  await index.prepare([query])
  return index.analyzer.queryWords(query)
}

describe('the static analyzer', () => {
  it.each([
    ['工会', ['工会']],
    ['北京市总工会', ['北京市总工会']],
    ['溫暖基金', ['温暖', '基金']],
    ['時傳祥環衛工人專項溫暖基金', ['时传祥', '环卫工人', '专项', '温暖', '基金']],
    ['ＡＢＣ１２３ 工会', ['abc123', '工会']],
    ['朝外街道总工会将为职工送去万份温暖礼盒', ['朝外街道', '总工会', '将', '为', '职工', '送去', '万份', '温暖礼盒']],
    ['2024年度冬季送温暖', ['2024', '年度', '冬季', '送温暖']],
    ['怎样申请困难职工帮扶？', ['怎样', '申请', '困难职工', '帮扶']],
    // OpenCC turns 什么 into 什麼 and back in a later step: the export keeps both steps (么 is not 幺).
    ['工会怎么样，什么是职工', ['工会', '怎么样', '什么', '是', '职工']],
    ['。，！', []],
  ])('reads %s as the analyzer does', async (query, words) => {
    expect(analyzer.queryWords(query), 'help: the expected words are the analyzer\'s own; if they changed, update this table').toEqual(words)
    expect(await staticWords(query)).toEqual(words)
  })

  it('converts as OpenCC does with only the tables an index\'s characters need, steps of the chain included', () => {
    // 什么 → 什麼 in one group and back in a later one: an index with 幺 but not 麼 must still keep 么.
    const kept = keepTablesFor(simplifiedChineseTables(), new Set('什么怎样幺温暖基金总工会'))
    const convert = createChineseConverter(kept)
    for (const text of ['什么', '怎么样', '溫暖基金', '總工會', '幺']) expect(convert(text), text).toBe(toSimplifiedChinese(text).text)
    expect(JSON.stringify(kept).length).toBeLessThan(JSON.stringify(simplifiedChineseTables()).length / 4)
  })

  it('normalizes a prefix as the analyzer does: width, case and traditional characters', () => {
    for (const term of ['ＡＢＣ', 'Gonghui', '溫暖', '總工會', '工会']) expect(index.analyzer.normalizeTerm(term)).toBe(analyzer.normalizeTerm(term))
  })

  it('cuts any text made of the corpus\'s characters as the analyzer does', async () => {
    const text = (await exported.engine.getDocument('laodong-wubao-page.txt#3'))!.body
    const characters = [...new Set(text)]
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...characters, '溫', '總', 'Ａ', ' '), { minLength: 1, maxLength: 30 }), async chars => {
      const query = chars.join('')
      expect(await staticWords(query)).toEqual(analyzer.queryWords(query))
    }), { numRuns: 200 })
  })

  it('cuts every sentence of the corpus as the analyzer does', async () => {
    const sentences: string[] = []
    for (let n = 1; n <= 7; n++) {
      const article = await exported.engine.getDocument(`laodong-wubao-page.txt#${n}`)
      sentences.push(...[article!.title, ...article!.body.split(/[。！？\n]/)].filter(sentence => sentence.trim() !== ''))
    }
    expect(sentences.length).toBeGreaterThan(50)
    for (const sentence of sentences) expect(await staticWords(sentence), sentence).toEqual(analyzer.queryWords(sentence))
  })

  it('refuses a query that is not a string, as the analyzer does', () => {
    expect(() => index.analyzer.queryWords(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }))
  })
})
