import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Article, SearchEngine, SYNONYMS_FILE } from '../../src/internal.js'
import { defaultEngine, temporaryFolder } from '../helpers/default-engine.js'

/*
 * How several terms, stop words, synonyms and the time budget shape what a reader gets
 * (issue #13 and #15 item 11): which articles, in what order, and the flags that say why.
 */

const ARTICLES: Article[] = [
  { id: 'staff', title: '公司员工运动会', body: '全体员工参加了运动会。' },
  { id: 'workers', title: '职工之家', body: '工会为职工办实事。' },
  { id: 'courier', title: '快递员的一天', body: '快递员凌晨出发。' },
  { id: 'kuaidi-xiaoge', title: '快递小哥过冬', body: '快递小哥收到了暖心包。' },
  { id: 'all-three', title: '北京工会包饺子', body: '北京市工会组织职工包饺子。' },
  { id: 'two-of-three', title: '北京饺子馆', body: '北京的饺子馆开张。' },
  { id: 'kimono', title: '和服展览', body: '和服是传统服装。' },
  { id: 'service', title: '服务窗口', body: '和服务窗口不同的安排。' },
  { id: 'dragon', title: '龙的传说', body: '龙是传说中的动物。' },
  { id: 'latin', title: 'LONG街项目', body: '首开LONG街项目开工。' },
]

let engine: SearchEngine
const ids = async (query: string): Promise<string[]> => (await engine.search({ query, limit: 20 })).hits.map(hit => hit.id)

beforeAll(async () => {
  engine = await SearchEngine.fromArticles(ARTICLES)
})

describe('several terms', () => {
  it('returns only articles with every term, unflagged, when some have them all', async () => {
    const response = await engine.search('北京 饺子')
    expect(response.hits.map(hit => hit.id).sort()).toEqual(['all-three', 'two-of-three'])
    expect(response.relaxed).toBeUndefined()
  })

  it('falls back to the best partial matches, most terms first, flagged relaxed, when none has all', async () => {
    const response = await engine.search('北京 饺子 快递小哥')
    expect(response.relaxed).toBe(true)
    const ranked = response.hits.map(hit => hit.id)
    // Two of three terms rank above one of three.
    expect(ranked.slice(0, 2).sort()).toEqual(['all-three', 'two-of-three'])
    expect(ranked).toContain('kuaidi-xiaoge')
  })

  it('finds the two articles for 快递小哥 象棋 on the default corpus, relaxed, where no article has both', async () => {
    const response = await (await defaultEngine()).search('快递小哥 象棋')
    expect(response.relaxed).toBe(true)
    expect(response.hits.map(hit => hit.title)).toEqual([
      expect.stringContaining('新就业形态'),
      expect.stringContaining('怀柔安佳医院'),
    ])
  })

  it('never relaxes an excluded term: -term still excludes', async () => {
    const response = await engine.search('北京 快递小哥 -饺子')
    expect(response.hits.map(hit => hit.id)).not.toContain('all-three')
    expect(response.hits.map(hit => hit.id)).not.toContain('two-of-three')
  })
})

describe('a term up to six characters', () => {
  it('needs every one of its words (北京工会饺子: the article with all three, not the one with two)', async () => {
    const response = await engine.search('北京工会饺子')
    expect(response.hits.map(hit => hit.id)).toEqual(['all-three'])
    expect(response.relaxed).toBeUndefined()
  })

  it('is a question when it holds a question word: 北京哪里包饺子 finds articles with any of its words, those with most first', async () => {
    const response = await engine.search('北京哪里包饺子')
    const found = response.hits.map(hit => hit.id)
    expect(found.slice(0, 2)).toEqual(['all-three', 'two-of-three'])
    expect(found).toContain('kuaidi-xiaoge') // 暖心包: one word of the question
    expect(response.relaxed).toBeUndefined()
  })

  it('ranks a whole word above the same characters inside another word (和服 above 和服务)', async () => {
    expect(await ids('和服')).toEqual(['kimono', 'service'])
  })
})

describe('stop words', () => {
  it('never decide a term: 我的工会 finds every article with 工会, on the default corpus', async () => {
    const withStopWords = await (await defaultEngine()).search({ query: '我的工会', limit: 20 })
    const plain = await (await defaultEngine()).search({ query: '工会', limit: 20 })
    expect(withStopWords.total).toBe(plain.total)
    expect(withStopWords.relaxed).toBeUndefined()
  })

  it('alone still find what contains them, and inside quotes match exactly', async () => {
    expect(await ids('的')).toEqual(expect.arrayContaining(['courier', 'two-of-three']))
    expect(await ids('"的一天"')).toEqual(['courier'])
  })
})

describe('synonyms', () => {
  it('expand a term both ways for an equivalence, the term as typed ranked first', async () => {
    engine.setSynonyms('# staff\n职工, 员工\n')
    expect(await ids('员工')).toEqual(['staff', 'workers', 'all-three'])
    expect((await ids('职工'))[0]).not.toBe('staff')
    expect(await ids('职工')).toContain('staff')
    engine.setSynonyms('')
  })

  it('expand one way for =>, and not the other way', async () => {
    engine.setSynonyms('快递小哥 => 快递员')
    expect(await ids('快递小哥')).toEqual(['kuaidi-xiaoge', 'courier'])
    expect(await ids('快递员')).toEqual(['courier'])
    engine.setSynonyms('')
  })

  it('apply to traditional and full-width input, and not inside quotes', async () => {
    engine.setSynonyms('职工, 员工')
    expect(await ids('員工')).toContain('workers')
    expect(await ids('"员工"')).toEqual(['staff'])
    engine.setSynonyms('')
  })

  it('change without a reindex, and report the lines they cannot read by number', async () => {
    expect(await ids('员工')).toEqual(['staff'])
    const table = engine.setSynonyms('职工, 员工\n孤零零\na => \n')
    expect(table.rules).toBe(1)
    expect(table.problems.map(problem => problem.line)).toEqual([2, 3])
    expect(await ids('员工')).toContain('workers')
    engine.setSynonyms('')
  })

  it('are read from the corpus folder\'s synonyms.txt by fromCorpus and loadSynonyms', async () => {
    const folder = await temporaryFolder()
    try {
      await writeFile(join(folder.path, 'a.md'), '# 职工之家\n\n工会为职工办实事。\n')
      await writeFile(join(folder.path, SYNONYMS_FILE), '员工, 职工\n')
      const { engine: fromFolder } = await SearchEngine.fromCorpus(folder.path)
      expect((await fromFolder.search('员工')).total).toBe(1)
      await writeFile(join(folder.path, SYNONYMS_FILE), '')
      await fromFolder.loadSynonyms(join(folder.path, SYNONYMS_FILE))
      expect((await fromFolder.search('员工')).total).toBe(0)
    } finally {
      await folder.cleanup()
    }
  })
})

describe('pinyin', () => {
  const titlesOf = async (query: string): Promise<string[]> => (await (await defaultEngine()).search({ query, limit: 20 })).hits.map(hit => hit.title)

  it('finds the words that full pinyin spells, with or without spaces and tones, on the default corpus', async () => {
    const byHanzi = await titlesOf('工会')
    expect(byHanzi).toHaveLength(7)
    for (const typed of ['gonghui', 'gong hui', 'gōnghuì', 'GongHui']) expect(await titlesOf(typed), typed).toEqual(byHanzi)
    expect(await titlesOf('jiaozi')).toEqual(await titlesOf('饺子'))
  })

  it('finds the words that initials spell (gh → 工会), and marks the word in the snippets', async () => {
    const response = await (await defaultEngine()).search('gh')
    expect(response.hits.map(hit => hit.title)).toEqual(expect.arrayContaining(await titlesOf('工会')))
    expect(response.hits[0]!.snippets.join('')).toContain('<mark>工会</mark>')
    const article = await (await defaultEngine()).highlightDocument(response.hits[0]!.id, 'gonghui')
    expect(article!.html.paragraphs.join('')).toContain('<mark>工会</mark>')
  })

  it('ranks Latin text as written above the words its letters spell (LONG街 above 龙)', async () => {
    expect(await ids('long')).toEqual(['latin', 'dragon'])
    expect(await ids('LONG')).toEqual(['latin', 'dragon'])
  })

  it('leaves text that is not pinyin alone, and can be turned off', async () => {
    expect((await engine.search('hello world')).total).toBe(0)
    const plain = await SearchEngine.fromArticles(ARTICLES, { pinyin: false })
    expect((await plain.search('long')).hits.map(hit => hit.id)).toEqual(['latin'])
  })

  it('suggests words by the prefix of their pinyin and by their initials', async () => {
    const engine = await defaultEngine()
    expect((await engine.suggest('gongh')).words[0]).toBe('工会')
    expect((await engine.suggest('gh')).words).toContain('工会')
  })
})

describe('the query time budget', () => {
  it('answers with what it found, flagged partial, when a search runs out of time', async () => {
    const full = await SearchEngine.fromArticles(ARTICLES, { queryBudgetMs: 0 })
    const hurried = await SearchEngine.fromArticles(ARTICLES, { queryBudgetMs: Number.MIN_VALUE })
    const complete = await full.search('北京')
    const cut = await hurried.search('北京')
    expect(complete.partial).toBeUndefined()
    expect(complete.total).toBe(2)
    expect(cut.partial).toBe(true)
    expect(cut.total).toBeLessThan(complete.total)
    expect(cut.relaxed).toBeUndefined()
  })

  it('does not flag a search that finished in time', async () => {
    expect((await engine.search('北京')).partial).toBeUndefined()
  })
})

describe('a question', () => {
  const QUESTIONS: Article[] = [
    { id: 'asks-pregnancy', title: '问答', body: '有人问怀孕多久会有反应。' },
    { id: 'answers-pregnancy', title: '怀孕后多久才有反应', body: '怀孕后多久会有反应？怀孕反应一般在怀孕六周出现，反应因人而异，多久出现要看体质。' },
    { id: 'asks-sea-cucumber', title: '问答', body: '请教如何发海参。' },
    { id: 'answers-sea-cucumber', title: '海参怎么发', body: '海参泡发的方法：干海参先泡水，发海参要用纯净水，海参发好后冷藏。' },
  ]
  let questions: SearchEngine
  const ranked = async (query: string): Promise<string[]> => (await questions.search({ query, limit: 10 })).hits.map(hit => hit.id)

  beforeAll(async () => {
    questions = await SearchEngine.fromArticles(QUESTIONS)
  })

  it('longer than six characters ranks by its words, not by where it is written as typed (the answer above the page that repeats it)', async () => {
    expect((await ranked('怀孕多久会有反应')).slice(0, 2)).toEqual(['answers-pregnancy', 'asks-pregnancy'])
  })

  it('of up to six characters, as a search box holds, ranks where it is written as typed first', async () => {
    expect((await ranked('如何发海参')).slice(0, 2)).toEqual(['asks-sea-cucumber', 'answers-sea-cucumber'])
  })
})
