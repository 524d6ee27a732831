import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnalyzer, reindex, type ReindexSummary, type SearchEngine } from '../../src/index.js'
import { buildCli, createWorkspace, runCli, type Workspace } from '../helpers/cli-process.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../helpers/default-engine.js'
import { sharedData } from '../helpers/shared-data.js'

/*
 * Issue 23: a user dictionary change reindexes only the articles that hold a word added or
 * removed, and the index it leaves ranks exactly as a full rebuild with the same dictionary
 * (the same ids, in the same order, with the same scores), also when corpus files changed
 * in the same reindex.
 */

type Ranking = { total: number, hits: Array<[string, number]> }

const normalize = createAnalyzer().normalizeTerm

async function ranking (engine: SearchEngine, query: string): Promise<Ranking> {
  const response = await engine.search({ query, limit: 100 })
  return { total: response.total, hits: response.hits.map(hit => [hit.id, hit.score]) }
}

/** The articles of an engine whose normalized text holds one of the words (grep's answer), by id; only those of `files` when given. */
function holding (engine: SearchEngine, words: readonly string[], files?: readonly string[]): string[] {
  const wanted = words.map(normalize)
  const ids: string[] = []
  for (const article of engine.documents()) {
    if (files !== undefined && !files.includes(article.origin?.file ?? '')) continue
    const text = [article.title, article.kicker ?? '', article.byline ?? '', article.body].map(normalize).join('\u0000')
    if (wanted.some(word => text.includes(word))) ids.push(article.id)
  }
  return ids.sort()
}

/** The queries a dictionary change can move: the words, pieces of them, the words in context, and a few around them. */
function queriesNear (words: readonly string[], others: readonly string[]): string[] {
  return [
    ...words.flatMap(word => {
      const chars = [...word]
      return [word, `"${word}"`, chars.slice(0, 2).join(''), chars.slice(-2).join(''), chars.slice(1).join(''), `${word} ${others[0] ?? ''}`.trim()]
    }),
    ...others,
    words.join(' '),
    `${words[0]}的情况怎么样`,
  ]
}

/** Reindexes incrementally, rebuilds in full with the same corpus into another folder, and expects the same answers. */
async function expectFullRanking (corpus: string, index: string, fullIndex: string, queries: readonly string[]): Promise<{ incremental: ReindexSummary, full: ReindexSummary }> {
  const incremental = await reindex({ corpusDir: corpus, indexDir: index })
  const full = await reindex({ corpusDir: corpus, indexDir: fullIndex, full: true })
  expect(incremental.mode).toBe('incremental')
  expect(incremental.documents).toBe(full.documents)
  for (const query of queries) {
    expect(await ranking(incremental.engine, query), query).toEqual(await ranking(full.engine, query))
  }
  const byId = (engine: SearchEngine): unknown[] => [...engine.documents()].sort((a, b) => (a.id < b.id ? -1 : 1))
  expect(byId(incremental.engine)).toEqual(byId(full.engine))
  return { incremental, full }
}

async function setDictionary (corpus: string, words: readonly string[]): Promise<void> {
  await writeFile(join(corpus, 'user.dict'), `# test dictionary\n${words.join('\n')}\n`)
}

let folder: { path: string, cleanup: () => Promise<void> }
beforeAll(async () => { folder = await temporaryFolder('zhsearch-dict-') })
afterAll(async () => folder.cleanup())

describe('reindex after a user dictionary change, on the default corpus', () => {
  const base = ['刘欣欣', '宗晓畅', '余翠平', '边磊']
  const added = ['天岳恒', '职工之家', '温暖基金', '青年干部座谈会']
  const others = ['工会', '温暖', '环卫职工', '青年', '送温暖', 'gonghui', '天岳', '北京市总工会']
  let corpus: string
  let index: string

  beforeAll(async () => {
    corpus = join(folder.path, 'default', 'corpus')
    index = join(folder.path, 'default', 'index')
    await cp(DEFAULT_CORPUS, corpus, { recursive: true })
    await setDictionary(corpus, base)
    await reindex({ corpusDir: corpus, indexDir: index })
  })

  it('analyzes again only the articles holding the words added, and ranks as a full rebuild', async () => {
    await setDictionary(corpus, [...base, ...added])
    const { incremental } = await expectFullRanking(corpus, index, join(folder.path, 'default', 'full-1'), queriesNear(added, others))
    expect(incremental.dictionary).toEqual({ added, removed: [], reanalyzed: holding(incremental.engine, added).length })
    expect(incremental.dictionary!.reanalyzed).toBeGreaterThan(0)
    expect(incremental.dictionary!.reanalyzed).toBeLessThan(incremental.documents)
    expect(incremental.articles).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: incremental.documents - incremental.dictionary!.reanalyzed })
  })

  it('analyzes again only the articles holding the words removed, and ranks as a full rebuild', async () => {
    const removed = ['天岳恒', '温暖基金', '刘欣欣']
    await setDictionary(corpus, [...base, ...added].filter(word => !removed.includes(word)))
    const { incremental } = await expectFullRanking(corpus, index, join(folder.path, 'default', 'full-2'), queriesNear(removed, others))
    expect(incremental.dictionary).toEqual({ added: [], removed: ['刘欣欣', '天岳恒', '温暖基金'], reanalyzed: holding(incremental.engine, removed).length })
  })

  it('combines words added and removed with a changed, a new and a removed corpus file in one reindex', async () => {
    const words = ['和平街街道', '环卫工人专项']
    await setDictionary(corpus, [...base.filter(word => word !== '边磊'), '职工之家', ...words])
    await writeFile(join(corpus, 'news.jsonl'), [
      { id: 'n1', title: '和平街街道职工之家揭牌', body: '和平街街道总工会为环卫工人专项帮扶举行仪式，边磊到场。' },
      { id: 'n2', title: '冬季送温暖', body: '工会走访慰问困难职工。' },
    ].map(article => JSON.stringify(article)).join('\n') + '\n')
    await writeFile(join(corpus, 'old.md'), '---\ntitle: 环卫工人专项行动\n---\n\n和平街街道的环卫工人。\n')
    await reindex({ corpusDir: corpus, indexDir: index })
    await reindex({ corpusDir: corpus, indexDir: join(folder.path, 'default', 'full-3'), full: true })

    await setDictionary(corpus, [...base, 'N1专号', ...words.slice(1), '困难职工'])
    await writeFile(join(corpus, 'news.jsonl'), `${JSON.stringify({ id: 'n2', title: '冬季送温暖到和平街街道', body: '工会走访慰问困难职工，边磊参加。' })}\n`)
    await writeFile(join(corpus, 'more.md'), '---\ntitle: 困难职工帮扶\n---\n\n环卫工人专项温暖基金帮扶困难职工。\n')
    await rm(join(corpus, 'old.md'))
    const changed = ['边磊', 'N1专号', '困难职工', '和平街街道', '职工之家']
    const { incremental } = await expectFullRanking(corpus, index, join(folder.path, 'default', 'full-4'), queriesNear(changed, others))
    expect(incremental.dictionary).toMatchObject({ added: ['边磊', 'N1专号', '困难职工'], removed: ['职工之家', '和平街街道'] })
    // The articles of the page (unchanged) that hold a changed word; those of news.jsonl and more.md are read again anyway.
    expect(incremental.dictionary!.reanalyzed).toBe(holding(incremental.engine, changed, ['laodong-wubao-page.txt']).length)
    expect(incremental.articles).toMatchObject({ added: 1, updated: 1, removed: 2 })
    expect(incremental.files).toMatchObject({ read: 2, removed: 1 })
  })

  it('rebuilds in full, and says why, when the words are in most articles', async () => {
    await setDictionary(corpus, [...base, '工会'])
    const summary = await reindex({ corpusDir: corpus, indexDir: index })
    // 工会 added; the words the step above added, removed.
    const holders = holding(summary.engine, ['工会', 'N1专号', '环卫工人专项', '困难职工']).length
    expect(holders).toBeGreaterThan(summary.documents * 0.8)
    expect(summary).toMatchObject({ mode: 'full', fullReason: `the user dictionary change touches ${holders} of ${summary.documents} articles, which a full rebuild analyzes as fast` })
    expect(summary.dictionary).toBeUndefined()
  })
})

const news = sharedData('xwlb-news')

describe.skipIf(news.missing)('reindex after a user dictionary change, on 1,200 xwlb news items', { timeout: 240_000 }, () => {
  let corpus: string
  let index: string
  let lines: string[]
  const rare = ['长江经济带', '粤港澳大湾区', '全过程人民民主']
  const others = ['长江', '经济', '高质量发展', '人民', 'changjiang', '经济带发展', '习近平总书记考察']

  beforeAll(async () => {
    corpus = join(folder.path, 'news', 'corpus')
    index = join(folder.path, 'news', 'index')
    lines = (await readFile(join(news.path, 'corpus-2024.jsonl'), 'utf8')).split('\n').filter(line => line.trim() !== '').slice(0, 1200)
    await cp(DEFAULT_CORPUS, corpus, { recursive: true, filter: source => !source.endsWith('.txt') })
    for (let part = 0; part < 4; part++) await writeFile(join(corpus, `news-${part}.jsonl`), lines.slice(part * 300, part * 300 + 300).join('\n') + '\n')
    await setDictionary(corpus, [])
    await reindex({ corpusDir: corpus, indexDir: index, workers: 2 })
  })

  it('adds, removes, then adds with a changed file, each time ranked as a full rebuild', async () => {
    // A string that crosses Jieba's words (the start of an article's body) as well as real terms.
    const crossing = [...JSON.parse(lines[5]!).text.replace(/[^\p{Script=Han}]/gu, '')].slice(2, 7).join('')
    const added = [...rare, crossing]
    await setDictionary(corpus, added)
    const first = await expectFullRanking(corpus, index, join(folder.path, 'news', 'full-1'), queriesNear(added, others))
    expect(first.incremental.dictionary).toEqual({ added, removed: [], reanalyzed: holding(first.full.engine, added).length })
    expect(first.incremental.dictionary!.reanalyzed).toBeLessThan(first.incremental.documents / 2)

    await setDictionary(corpus, [crossing])
    const second = await expectFullRanking(corpus, index, join(folder.path, 'news', 'full-2'), queriesNear(rare, others))
    expect(second.incremental.dictionary).toEqual({ added: [], removed: rare, reanalyzed: holding(second.full.engine, rare).length })

    await setDictionary(corpus, [crossing, '高质量发展'])
    // news-1.jsonl loses its last 100 articles: its first 200 are as they were, and are
    // analyzed again only where they hold the new word, as those of the other files.
    await writeFile(join(corpus, 'news-1.jsonl'), lines.slice(300, 500).join('\n') + '\n')
    const third = await expectFullRanking(corpus, index, join(folder.path, 'news', 'full-3'), queriesNear(['高质量发展'], others))
    expect(third.incremental.dictionary).toEqual({ added: ['高质量发展'], removed: [], reanalyzed: holding(third.full.engine, ['高质量发展']).length })
    expect(third.incremental.articles).toMatchObject({ added: 0, updated: 0, removed: 100 })
  })
})

describe('reindex with 0, 1 and 2 workers', { timeout: 240_000 }, () => {
  it('gives the same answers, ids and scores', async () => {
    const corpus = join(folder.path, 'workers', 'corpus')
    await cp(DEFAULT_CORPUS, corpus, { recursive: true })
    const text = await readFile(join(DEFAULT_CORPUS, 'laodong-wubao-page.txt'), 'utf8')
    const sentences = text.split(/(?<=[。！？])/u).map(sentence => sentence.trim()).filter(sentence => sentence.length > 10)
    // Enough text (about 400,000 characters) that each thread builds segments of its own (one segment with none).
    const articles = Array.from({ length: 600 }, (_, i) => JSON.stringify({ id: `g${i}`, title: sentences[i % sentences.length]!.slice(0, 20), body: Array.from({ length: 8 }, (_, p) => sentences[(i * 7 + p * 13) % sentences.length]).join('\n') }))
    await writeFile(join(corpus, 'generated.jsonl'), articles.join('\n') + '\n')
    const engines = []
    for (const workers of [0, 1, 2]) engines.push((await reindex({ corpusDir: corpus, indexDir: join(folder.path, 'workers', `index-${workers}`), workers })).engine)
    for (const query of ['工会', '青年干部', '温暖基金', '"送温暖"', '环卫职工 帮扶', 'zhigong', '北京市总工会青年干部座谈会在哪里召开', '天岳恒']) {
      const expected = await ranking(engines[0]!, query)
      expect(expected.total, query).toBeGreaterThan(0)
      for (const engine of engines.slice(1)) expect(await ranking(engine, query), query).toEqual(expected)
    }
  })
})

describe('zhsearch dict add, then zhsearch reindex', { timeout: 120_000 }, () => {
  let workspace: Workspace
  beforeAll(async () => {
    await buildCli()
    workspace = await createWorkspace()
  })
  afterAll(async () => workspace.remove())

  it('says which words were added and how many articles it analyzed again, and searches as a full rebuild', async () => {
    expect((await runCli(['reindex'], { cwd: workspace.dir })).code).toBe(0)
    const added = await runCli(['dict', 'add', '天岳恒', '温暖基金'], { cwd: workspace.dir })
    expect(added.stdout).toContain('only the articles that hold them are analyzed again')

    const reindexed = await runCli(['reindex'], { cwd: workspace.dir })
    expect(reindexed.code, reindexed.stderr).toBe(0)
    expect(reindexed.stdout).toMatch(/\(incremental\)$/m)
    expect(reindexed.stdout).toContain('user dictionary: 2 words added (天岳恒 温暖基金); 2 articles that hold them re-analyzed')
    const full = await runCli(['reindex', '--full', '--index', 'full-index'], { cwd: workspace.dir })
    expect(full.code, full.stderr).toBe(0)
    for (const query of ['天岳恒', '温暖基金']) {
      const [a, b] = await Promise.all([runCli(['search', query, '--json'], { cwd: workspace.dir }), runCli(['search', query, '--json', '--index', 'full-index'], { cwd: workspace.dir })])
      const hits = (result: { stdout: string }): unknown => (JSON.parse(result.stdout) as { hits: Array<{ id: string, score: number }> }).hits.map(hit => [hit.id, hit.score])
      expect(hits(a), query).toEqual(hits(b))
    }

    const removed = await runCli(['dict', 'remove', '温暖基金'], { cwd: workspace.dir })
    expect(removed.stdout).toContain('Removed 1 word from corpus/user.dict: 温暖基金')
    expect(removed.stdout).toContain('only the articles that hold it are analyzed again')
    const again = await runCli(['reindex', '--json'], { cwd: workspace.dir })
    expect(JSON.parse(again.stdout)).toMatchObject({ mode: 'incremental', dictionary: { added: [], removed: ['温暖基金'], reanalyzed: 1 } })
  })
})
