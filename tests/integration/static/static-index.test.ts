import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchEngine, SearchResponse } from '../../../src/index.js'
import { createAnalyzer } from '../../../src/internal.js'
import { openStaticIndex, type StaticSearch } from '../../../src/static/node-static-index.js'
import { createGrepOracle } from '../../../scripts/eval/grep-oracle.js'
import { sampleSubstrings } from '../../../scripts/eval/sample-substrings.js'
import { readNews } from '../../../scripts/lib/xwlb-news.js'
import { ROOT } from '../../helpers/cli-process.js'
import { sharedData } from '../../helpers/shared-data.js'
import { type ExportedCorpus, exportCorpus } from '../../helpers/static-export.js'

/*
 * zhsearch/static in Node, over a folder `zhsearch export --static` wrote, against the
 * engine the index was exported from: the same lifecycle over another backend, so the
 * same answers (hits in order, totals, snippets, facets), and grep's recall.
 */

/** What a reader sees of an answer (scores rounded: the static backend sums in another order). */
function seen (response: SearchResponse): unknown {
  const { tookMs: _tookMs, ...rest } = response
  return { ...rest, hits: rest.hits.map(hit => ({ ...hit, score: Math.round(hit.score * 1000) / 1000 })) }
}

describe('zhsearch/static over the default corpus', () => {
  let exported: ExportedCorpus
  let engine: SearchEngine
  let index: StaticSearch

  beforeAll(async () => {
    exported = await exportCorpus({ synonyms: '职工, 员工\n快递小哥 => 快递员\n' })
    engine = exported.engine
    index = await openStaticIndex(exported.siteDir)
  }, 120_000)

  afterAll(async () => {
    await exported?.cleanup()
  })

  it('lists the 7 articles for 工会 in the server\'s order, with marked snippets', async () => {
    const [server, answer] = [await engine.search('工会'), await index.search('工会')]
    expect(answer.total).toBe(7)
    expect(answer.hits.map(hit => hit.id)).toEqual(server.hits.map(hit => hit.id))
    expect(answer.hits[0]!.snippets[0]).toContain('<mark>工会</mark>')
    expect(seen(answer)).toEqual(seen(server))
  })

  it.each([
    ['溫暖基金'], ['工会 -饺子'], ['"温暖礼盒"'], ['title:工会'], ['gonghui'], ['gh'], ['职工的权益'], ['北京 工会'],
    ['工会 火星'], ['怎样为环卫工人送温暖？'], ['ＡＢＣ'], ['2024年'], ['。'], ['刘欣欣'],
    ['员工'], ['快递小哥'], ['员工 -饺子'],
  ])('answers %s as the server does', async query => {
    expect(seen(await index.search(query))).toEqual(seen(await engine.search(query)))
  })

  it('expands with the synonyms it was exported with, as the server does with the same file', async () => {
    const answer = await index.search('员工')
    expect(answer.total).toBe(6)
    expect(answer.hits.map(hit => hit.id)).toEqual((await engine.search('员工')).hits.map(hit => hit.id))
  })

  it('pages and filters as the server does', async () => {
    for (const request of [{ query: '工会', limit: 3, offset: 3 }, { query: '工会', author: '刘欣欣' }, { query: '职工', offset: 100 }]) {
      expect(seen(await index.search(request))).toEqual(seen(await engine.search(request)))
    }
    expect(seen(await index.search('工会', { limit: 2 }))).toEqual(seen(await engine.search({ query: '工会', limit: 2 })))
  })

  it('suggests, reads and highlights articles as the server does', async () => {
    for (const prefix of ['工', '工会', '溫', 'gongh', 'gh']) expect(await index.suggest(prefix, 8)).toEqual(await engine.suggest(prefix, 8))
    const id = 'laodong-wubao-page.txt#3'
    expect(await index.getDocument(id)).toEqual(await engine.getDocument(id))
    expect(await index.highlightDocument(id, '温暖 工会')).toEqual(await engine.highlightDocument(id, '温暖 工会'))
    expect(await index.getDocument('no-such-id')).toBeUndefined()
  })

  it('refuses what the server refuses, with the same codes', async () => {
    await expect(index.search('工'.repeat(300))).rejects.toMatchObject({ code: 'QUERY_TOO_LONG' })
    await expect(index.search({ query: '工会', limit: -1 })).rejects.toMatchObject({ code: 'INVALID_PAGING' })
    await expect(index.search(42 as unknown as string)).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
  })

  it('fetches each file once: the same query again reads nothing more', async () => {
    const fresh = await openStaticIndex(exported.siteDir)
    const opened = fresh.stats().bytesFetched
    expect(opened).toBeGreaterThan(0)
    await fresh.search('温暖礼盒')
    const first = fresh.stats().bytesFetched
    expect(first).toBeGreaterThan(opened)
    await fresh.search('温暖礼盒')
    expect(fresh.stats().bytesFetched).toBe(first)
    expect(fresh.stats()).toMatchObject({ documents: 7, analyzerFingerprint: engine.analyzer.fingerprint })
  })

  it('reads OpenCC\'s tables only for a text they can change, and then as the server does', async () => {
    const read: string[] = []
    const counting = await openStaticIndex({ location: exported.siteDir, read: async path => { read.push(path); return new Uint8Array(await readFile(join(exported.siteDir, path))) } })
    for (const query of ['工会', '温暖礼盒 职工', 'gonghui']) await counting.search(query)
    await counting.suggest('工', 8)
    expect(read).not.toContain('index/chinese.json.gz')
    expect(seen(await counting.search('溫暖基金'))).toEqual(seen(await engine.search('溫暖基金')))
    expect(read.filter(path => path === 'index/chinese.json.gz')).toHaveLength(1)
    const fresh = await openStaticIndex(exported.siteDir)
    expect(await fresh.suggest('溫', 8)).toEqual(await engine.suggest('溫', 8))
  })

  it('reads only its manifest to open, also once its first steps have been run at open', async () => {
    const fresh = await openStaticIndex(exported.siteDir)
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(fresh.stats().filesFetched).toBe(1)
  })

  it('refuses a folder with no export, or an export of another format, naming the fix', async () => {
    await expect(openStaticIndex(join(exported.siteDir, 'missing'))).rejects.toMatchObject({ code: 'STATIC_INDEX_UNREADABLE', message: expect.stringContaining('export --static') })
    const forged = join(exported.siteDir, '..', 'forged')
    await mkdir(join(forged, 'index'), { recursive: true })
    await writeFile(join(forged, 'index', 'manifest.json.gz'), gzipSync(JSON.stringify({ format: 99 })))
    await expect(openStaticIndex(forged)).rejects.toMatchObject({ code: 'STATIC_INDEX_UNREADABLE', message: expect.stringContaining('format 99') })
  })

  it('refuses a damaged file of the export, naming it, instead of answering from part of it', async () => {
    const damaged = await openStaticIndex({
      location: exported.siteDir,
      read: async path => {
        const bytes = new Uint8Array(await readFile(join(exported.siteDir, path)))
        return path.startsWith('index/terms/') ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes
      },
    })
    await expect(damaged.search('工会')).rejects.toMatchObject({ code: 'STATIC_INDEX_UNREADABLE', message: expect.stringMatching(/index\/terms\/\d+\.json\.gz/) })
  })

  it('is the package export zhsearch/static: the Node entry opens a folder, the browser build has no Node built-ins', async () => {
    const script = `import('zhsearch/static').then(async ({ openStaticIndex }) => { const index = await openStaticIndex(${JSON.stringify(exported.siteDir)}); console.log((await index.search('工会')).total) })`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT })
    expect(stdout.trim()).toBe('7')
    const browserBuild = await readFile(join(exported.siteDir, 'zhsearch-static.js'), 'utf8')
    expect(browserBuild.match(/["'](?:node:[a-z_/]+|nodejieba|opencc-js|minisearch)["']/g), 'help: the browser build must be one self-contained module with no Node built-ins').toBeNull()
    expect(browserBuild).toMatch(/export\s*\{[^}]*as openStaticIndex/)
    // V8's compile hint, on the first line of the module and of the page's bundle (build-static.mjs).
    expect(browserBuild.split('\n', 1)[0]).toBe('//# allFunctionsCalledOnLoad')
    expect((await readFile(join(exported.siteDir, 'page.js'), 'utf8')).split('\n', 1)[0]).toBe('//# allFunctionsCalledOnLoad')
    // The icon is inside the page and a PNG: an SVG icon is built again on the page's main thread after every search.
    const icon = /<link rel="icon" href="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(await readFile(join(exported.siteDir, 'index.html'), 'utf8'))?.[1]
    expect(Buffer.from(icon ?? '', 'base64').subarray(1, 4).toString('latin1')).toBe('PNG')
  })
})

describe('zhsearch/static with a word in more documents than a chunk carries lengths for', () => {
  let exported: ExportedCorpus

  beforeAll(async () => {
    // 工会 in every one of 1,600 articles (over INLINE_LENGTH_DOCUMENTS): its lengths are in the words files.
    const numbers = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
    exported = await exportCorpus({ articles: Array.from({ length: 1_600 }, (_, i) => ({ id: `a${i}`, title: `第${numbers[i % 10]}${numbers[Math.floor(i / 10) % 10]}期`, body: `工会为职工办实事。${'职工'.repeat(i % 7)}` })) })
  }, 120_000)

  afterAll(async () => {
    await exported?.cleanup()
  })

  it('asks for a common word\'s field lengths with its chunk, not after it, and none for a rare word', async () => {
    const log: string[] = []
    const read = async (path: string): Promise<Uint8Array> => {
      log.push(`${path} asked`)
      // The chunks come late: the lengths must be asked for while a chunk is still on its way.
      if (path.startsWith('index/terms/')) await new Promise(resolve => setTimeout(resolve, 100))
      const bytes = new Uint8Array(await readFile(join(exported.siteDir, path)))
      log.push(`${path} read`)
      return bytes
    }
    const counting = await openStaticIndex({ location: exported.siteDir, read })
    expect((await counting.search('工会')).total).toBe((await exported.engine.search('工会')).total)
    const firstWords = log.findIndex(line => /^index\/words\/.* asked$/.test(line))
    const chunkRead = log.findIndex(line => /^index\/terms\/.* read$/.test(line))
    expect(firstWords, log.join('\n')).toBeGreaterThanOrEqual(0)
    expect(firstWords, log.join('\n')).toBeLessThan(chunkRead)
    const rare = await openStaticIndex({ location: exported.siteDir, read: async path => { log.push(`rare ${path}`); return new Uint8Array(await readFile(join(exported.siteDir, path))) } })
    await rare.search('第七')
    expect(log.filter(line => line.startsWith('rare index/words/'))).toEqual([])
  })

})

const news = sharedData('xwlb-news')

describe.skipIf(news.missing)('zhsearch/static over a year of news (xwlb-news 2022)', () => {
  let exported: ExportedCorpus
  let index: StaticSearch

  beforeAll(async () => {
    exported = await exportCorpus({ articles: await readNews(2022) })
    index = await openStaticIndex(exported.siteDir)
  }, 600_000)

  afterAll(async () => {
    await exported?.cleanup()
  })

  it('finds every article grep finds for seeded 2-4 character substrings, ranked as the server ranks them', async () => {
    const articles = await readNews(2022)
    const oracle = createGrepOracle(articles, createAnalyzer())
    const samples = sampleSubstrings(articles, { seed: 22, perLength: 20, minLength: 2, maxLength: 4 })
    const missed: string[] = []
    const overlaps: number[] = []
    for (const { text } of samples) {
      const expected = oracle.find(text)!
      const all = await index.search({ query: text, limit: Math.max(1, expected.length + 10), snippets: false })
      const found = new Set(all.hits.map(hit => hit.id))
      for (const id of expected) if (!found.has(id)) missed.push(`${text}: ${id}`)
      const server = (await exported.engine.search({ query: text, limit: 10, snippets: false })).hits.map(hit => hit.id)
      const top = new Set(all.hits.slice(0, 10).map(hit => hit.id))
      overlaps.push(server.length === 0 ? 1 : server.filter(id => top.has(id)).length / server.length)
    }
    expect(missed, 'help: grep finds these, the static index does not').toEqual([])
    expect(overlaps.reduce((a, b) => a + b, 0) / overlaps.length).toBeGreaterThanOrEqual(0.9)
  }, 300_000)

  it('finds seeded 7-9 character texts and questions (read by their pairs\' documents, not positions) as grep and the server do', async () => {
    const articles = await readNews(2022)
    const oracle = createGrepOracle(articles, createAnalyzer())
    const texts = [...sampleSubstrings(articles, { seed: 7, perLength: 5, minLength: 7, maxLength: 9 }).map(sample => sample.text), '如何推进高质量发展', '怎样做好乡村振兴工作']
    for (const text of texts) {
      const exact = `"${text}"`
      const all = await index.search({ query: exact, limit: 1000, snippets: false })
      expect(all.hits.map(hit => hit.id).sort(), `help: grep and the static index disagree on ${exact}`).toEqual([...oracle.find(text)!].sort())
      const server = await exported.engine.search({ query: text, limit: 10, snippets: false })
      const answer = await index.search({ query: text, limit: 10, snippets: false })
      expect([answer.total, answer.hits.map(hit => hit.id)], text).toEqual([server.total, server.hits.map(hit => hit.id)])
    }
  }, 300_000)
})
