import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Article, createAnalyzer, readCorpus, readUserDictionary, SearchEngine, USER_DICTIONARY_FILE } from '../../../src/internal.js'
import { buildSegment } from '../../../src/indexing/build-segment.js'
import { mergeSegments } from '../../../src/indexing/segment/merge-segments.js'
import { Segment } from '../../../src/indexing/segment/segment.js'
import { SegmentedIndex } from '../../../src/indexing/segmented-index.js'
import { segmentBackend } from '../../../src/engine/segment-backend.js'
import { PINYIN_INITIALS_LIMIT, pinyinCompletions, type PinyinTables, pinyinWords, readPinyin } from '../../../src/search/pinyin.js'
import { DEFAULT_CORPUS, defaultEngine } from '../../helpers/default-engine.js'

const analyzer = createAnalyzer()

// 工会 is a whole word in three articles, 职工 in two, its homophone 公会 and 规划 (also gh) in one.
const ARTICLES: Article[] = [
  { id: 'a', title: '工会送温暖', body: '工会为职工送去温暖。' },
  { id: 'b', title: '冬至饺子', body: '工会和职工一起包饺子。' },
  { id: 'c', title: '游戏公会', body: '公会成员参加活动。' },
  { id: 'd', title: '城市规划', body: '规划征求意见，工会参与。' },
  { id: 'e', title: '龙舟比赛', body: '龙舟比赛在LONG街举行，楼房和龙舟。' },
  { id: 'f', title: '律师事务所', body: '西安的律师来到县城。' },
]

function indexOf (segments: Article[][]): SegmentedIndex {
  return new SegmentedIndex(analyzer, segments.map((articles, i) => ({ segment: new Segment(`seg-${i}`, buildSegment(articles, analyzer)) })))
}

const oneSegment = indexOf([ARTICLES])

/** The pinyin tables of an index, as a search reads them. */
function tables (index: SegmentedIndex): PinyinTables {
  return segmentBackend(index).begin()
}

describe('readPinyin', () => {
  it.each([
    ['jiaozi', { letters: 'jiaozi', full: true, initials: true }],
    ['gong hui', { letters: 'gonghui', full: true, initials: false }],
    ['gōnghuì', { letters: 'gonghui', full: true, initials: false }],
    ['xian', { letters: 'xian', full: true, initials: true }],
    ["xi'an", { letters: 'xian', full: true, initials: true }],
    ['lvshi', { letters: 'lvshi', full: true, initials: true }],
    ['lǜshī', { letters: 'lvshi', full: true, initials: true }],
    ['gh', { letters: 'gh', full: false, initials: true }],
    ['ng', { letters: 'ng', full: false, initials: true }],
    // Latin words can be pinyin too (long = 龙, api = a·pi): the engine ranks literal matches first.
    ['LONG', { letters: 'long', full: true, initials: true }],
    ['api', { letters: 'api', full: true, initials: true }],
  ])('reads %j as pinyin', (text, expected) => {
    expect(readPinyin(text)).toEqual(expected)
  })

  it.each(['hello world', 'helloworld', '123', '', ' ', '工会', 'g', 'gonghui2'])('does not read %j as pinyin', text => {
    expect(readPinyin(text)).toBeUndefined()
  })

  it('never throws on any text, and reads only letters a–z as pinyin', async () => {
    const typed = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'n', 'g', 'ü', 'ǜ', 'ō', ' ', "'", 'Ｌ', '工'), maxLength: 12 }))
    await fc.assert(fc.asyncProperty(typed, async text => {
      const query = readPinyin(text)
      if (query !== undefined) expect(query.letters).toMatch(/^[a-z]+$/)
      await pinyinWords(tables(oneSegment), text)
      await pinyinCompletions(tables(oneSegment), text, 8)
    }))
  })
})

describe('pinyinWords', () => {
  it('gives the words a full pinyin spells, those held as a whole word by the most articles first', async () => {
    expect(await pinyinWords(tables(oneSegment), 'gonghui')).toEqual(['工会', '公会'])
    expect(await pinyinWords(tables(oneSegment), 'gōng huì')).toEqual(['工会', '公会'])
    expect(await pinyinWords(tables(oneSegment), 'zhigong')).toEqual(['职工'])
    expect(await pinyinWords(tables(oneSegment), 'lǜshī')).toEqual(['律师'])
    expect(await pinyinWords(tables(oneSegment), 'lvshi')).toEqual(['律师'])
    expect(await pinyinWords(tables(oneSegment), "xi'an")).toEqual(['西安'])
  })

  it('gives the words initials spell, ties by the word, at most PINYIN_INITIALS_LIMIT', async () => {
    expect(await pinyinWords(tables(oneSegment), 'gh')).toEqual(['工会', '公会', '规划'])
    expect(await pinyinWords(tables(oneSegment), 'zg')).toEqual(['职工'])
    expect(await pinyinWords(tables(oneSegment), 'gh', 1)).toEqual(['工会'])
    const sixWords = indexOf([[{ id: 'g', title: '工会 公会 规划', body: '国会 光辉 关怀' }]])
    expect(await pinyinWords(tables(sixWords), 'gh')).toHaveLength(PINYIN_INITIALS_LIMIT)
  })

  it('gives nothing for text that is not pinyin or spells no word of the index', async () => {
    expect(await pinyinWords(tables(oneSegment), 'hello world')).toEqual([])
    expect(await pinyinWords(tables(oneSegment), '工会')).toEqual([])
    expect(await pinyinWords(tables(oneSegment), 'gongh')).toEqual([])
    expect(await pinyinWords(tables(oneSegment), 'qq')).toEqual([])
    expect(await pinyinWords(tables(oneSegment), 'gonghui', 0)).toEqual([])
  })

  it('gives the same words whether the articles are in one segment, many, or many merged into one', async () => {
    const many = indexOf(ARTICLES.map(article => [article]))
    const merged = new SegmentedIndex(analyzer, [{ segment: new Segment('seg-m', mergeSegments(many.segments)) }])
    for (const text of ['gonghui', 'gh', 'zhigong', 'zg', 'lvshi', 'xian', 'longzhou', 'lz', 'wennuan']) {
      expect(await pinyinWords(tables(many), text), text).toEqual(await pinyinWords(tables(oneSegment), text))
      expect(await pinyinWords(tables(merged), text), text).toEqual(await pinyinWords(tables(oneSegment), text))
    }
    for (const prefix of ['gongh', 'gh', 'zhig', 'lo', 'l']) {
      expect(await pinyinCompletions(tables(many), prefix, 8), prefix).toEqual(await pinyinCompletions(tables(oneSegment), prefix, 8))
      expect(await pinyinCompletions(tables(merged), prefix, 8), prefix).toEqual(await pinyinCompletions(tables(oneSegment), prefix, 8))
    }
  })
})

describe('pinyinCompletions', () => {
  it('completes full pinyin and initials typed so far, most used first, single characters left out', async () => {
    expect(await pinyinCompletions(tables(oneSegment), 'gongh', 8)).toEqual(['工会', '公会'])
    expect(await pinyinCompletions(tables(oneSegment), 'gh', 8)).toEqual(['工会', '公会', '规划'])
    expect(await pinyinCompletions(tables(oneSegment), 'zhig', 8)).toEqual(['职工'])
    expect(await pinyinCompletions(tables(oneSegment), 'jiaoz', 8)).toEqual(['饺子'])
    expect(await pinyinCompletions(tables(oneSegment), 'lo', 8)).toEqual(['楼房', '龙舟'])
    expect(await pinyinCompletions(tables(oneSegment), 'g', 8)).toEqual([])
  })
})

describe('suggest', () => {
  it('offers literal completions of Latin text before the words its letters spell in pinyin', async () => {
    const engine = await SearchEngine.fromArticles(ARTICLES, { workers: 0 })
    expect((await engine.suggest('lo')).words).toEqual(['long', '楼房', '龙舟'])
    expect((await engine.suggest('gh')).words).toEqual(['工会', '公会', '规划'])
    expect((await engine.suggest('gh', 1)).words).toEqual(['工会'])
  })
})

describe('pinyin on the default corpus', () => {
  it('finds 工会, 职工 and 青年 (a word seen only inside 青年干部) by their pinyin', async () => {
    const { articles } = await readCorpus(DEFAULT_CORPUS)
    const userWords = await readUserDictionary(join(DEFAULT_CORPUS, USER_DICTIONARY_FILE))
    const corpusAnalyzer = createAnalyzer({ userWords })
    const index = new SegmentedIndex(corpusAnalyzer, [{ segment: new Segment('seg-corpus', buildSegment(articles, corpusAnalyzer)) }])
    expect(await pinyinWords(tables(index), 'gonghui')).toEqual(['工会'])
    expect((await pinyinWords(tables(index), 'gh'))[0]).toBe('工会')
    expect(await pinyinWords(tables(index), 'zhigong')).toEqual(['职工'])
    expect((await pinyinWords(tables(index), 'zg'))[0]).toBe('职工')
    expect(await pinyinWords(tables(index), 'qingnian')).toEqual(['青年'])
    expect(await pinyinWords(tables(index), 'jiaozi')).toEqual(['饺子'])
  })

  it('suggests words for pinyin typed so far', async () => {
    const engine = await defaultEngine()
    expect((await engine.suggest('gongh')).words.slice(0, 2)).toEqual(['工会', '工会干部'])
    expect((await engine.suggest('gh')).words[0]).toBe('工会')
    expect((await engine.suggest('zhig')).words[0]).toBe('职工')
    expect((await engine.suggest('jiaoz')).words).toEqual(['饺子'])
  })
})
