import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INDEX_FORMAT_VERSION, MANIFEST_FILE, readManifest, reindex, SearchEngine } from '../../src/internal.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../helpers/default-engine.js'

let folder: { path: string, cleanup: () => Promise<void> }
let corpus: string
let index: string

beforeAll(async () => {
  folder = await temporaryFolder()
  corpus = join(folder.path, 'corpus')
  index = join(folder.path, 'index')
  await cp(DEFAULT_CORPUS, corpus, { recursive: true })
})
afterAll(async () => folder.cleanup())

const ids = async (engine: SearchEngine, query: string): Promise<string[]> => (await engine.search({ query, limit: 100 })).hits.map(hit => hit.id)

describe('reindex and SearchEngine.open', () => {
  it('writes an index that opens with the same results as the engine it returned', async () => {
    const summary = await reindex({ corpusDir: corpus, indexDir: index })
    expect(summary.mode).toBe('full')
    expect(summary.documents).toBe(7)
    const opened = await SearchEngine.open(index)
    for (const query of ['工会', '饺子', '溫暖基金', '"冬季送温暖"']) {
      const expected = await summary.engine.search(query)
      expect(await opened.search(query)).toMatchObject({ total: expected.total, hits: expected.hits })
    }
  })

  it('records format, analyzer, counts, sources and build time in the manifest', async () => {
    const manifest = await readManifest(index)
    expect(manifest).toMatchObject({ formatVersion: INDEX_FORMAT_VERSION, documentCount: 7 })
    expect(manifest.analyzer.userWords).toContain('刘欣欣')
    expect(manifest.sources).toEqual([expect.objectContaining({
      file: 'laodong-wubao-page.txt',
      articleIds: Array.from({ length: 7 }, (_, i) => `laodong-wubao-page.txt#${i + 1}`),
    })])
    expect(manifest.termCount).toBeGreaterThan(800)
    expect(Date.parse(manifest.builtAt)).not.toBeNaN()
  })

  it('keeps ids stable across reindexes', async () => {
    const before = await ids(await SearchEngine.open(index), '工会')
    await reindex({ corpusDir: corpus, indexDir: index, full: true })
    expect(await ids(await SearchEngine.open(index), '工会')).toEqual(before)
  })

  it('updates incrementally: unchanged files are not read again, changed, new and deleted files are', async () => {
    await writeFile(join(corpus, 'extra.jsonl'), [
      JSON.stringify({ id: 'n1', title: '冬至包饺子', body: '工会为环卫工人送去饺子。' }),
      JSON.stringify({ id: 'n2', title: '春节慰问', body: '工会走访慰问困难职工。' }),
    ].join('\n'))
    let summary = await reindex({ corpusDir: corpus, indexDir: index })
    expect(summary.mode).toBe('incremental')
    expect(summary.files).toMatchObject({ read: 1, unchanged: 1 })
    expect(summary.articles).toMatchObject({ added: 2, unchanged: 7, removed: 0 })
    expect(await ids(await SearchEngine.open(index), '饺子')).toContain('n1')

    await writeFile(join(corpus, 'extra.jsonl'), JSON.stringify({ id: 'n1', title: '冬至包汤圆', body: '工会为环卫工人送去汤圆。' }))
    summary = await reindex({ corpusDir: corpus, indexDir: index })
    expect(summary.articles).toMatchObject({ updated: 1, removed: 1, added: 0 })
    const engine = await SearchEngine.open(index)
    expect(await ids(engine, '汤圆')).toEqual(['n1'])
    expect(await ids(engine, '饺子')).not.toContain('n1')
    expect(await ids(engine, '慰问')).not.toContain('n2')

    await rm(join(corpus, 'extra.jsonl'))
    summary = await reindex({ corpusDir: corpus, indexDir: index })
    expect(summary.files.removed).toBe(1)
    expect(summary.documents).toBe(7)
    expect(await ids(await SearchEngine.open(index), '汤圆')).toEqual([])
  })

  it('writes again only the article edited in a file of several, and ranks as a full rebuild', async () => {
    const page = join(corpus, 'laodong-wubao-page.txt')
    const text = await readFile(page, 'utf8')
    await writeFile(page, text.replace('饺子', '汤圆'))
    try {
      const summary = await reindex({ corpusDir: corpus, indexDir: index })
      expect(summary.mode).toBe('incremental')
      expect(summary.articles).toEqual({ added: 0, updated: 1, removed: 0, unchanged: 6 })
      const full = await reindex({ corpusDir: corpus, indexDir: join(folder.path, 'full-after-edit'), full: true })
      const opened = await SearchEngine.open(index)
      for (const query of ['汤圆', '饺子', '工会', '职工 慰问', '"冬季送温暖"', '如何帮助困难职工']) {
        const expected = await full.engine.search({ query, limit: 100 })
        const got = await opened.search({ query, limit: 100 })
        expect(got.hits.map(hit => [hit.id, hit.score])).toEqual(expected.hits.map(hit => [hit.id, hit.score]))
        expect(got.total).toBe(expected.total)
      }
    } finally {
      await writeFile(page, text)
    }
  })

  it('gives the same results incrementally as a full rebuild of the same corpus', async () => {
    await writeFile(join(corpus, 'more.md'), '---\ntitle: 工会温暖\n---\n\n工会送温暖到一线，饺子热乎乎。\n')
    const incremental = (await reindex({ corpusDir: corpus, indexDir: index })).engine
    const full = (await reindex({ corpusDir: corpus, indexDir: join(folder.path, 'full-index'), full: true })).engine
    for (const query of ['工会', '饺子', '温暖', '工会 -饺子', '"送温暖"', '刘欣欣']) {
      const a = (await incremental.search({ query, limit: 20 })).hits.map(hit => [hit.id, hit.score])
      const b = (await full.search({ query, limit: 20 })).hits.map(hit => [hit.id, hit.score])
      expect(a, query).toEqual(b)
    }
    await rm(join(corpus, 'more.md'))
  })

  it('keeps the article a full rebuild keeps when a new file takes an id an unchanged later file holds', async () => {
    await writeFile(join(corpus, 'zz-later.jsonl'), `${JSON.stringify({ id: 'shared-id', title: '后来的文章', body: '后来的正文' })}\n`)
    await reindex({ corpusDir: corpus, indexDir: index })
    // 'aa-first' sorts before 'zz-later': the first file in corpus order keeps the id.
    await writeFile(join(corpus, 'aa-first.jsonl'), `${JSON.stringify({ id: 'shared-id', title: '先来的文章', body: '先来的正文' })}\n`)
    const incremental = await reindex({ corpusDir: corpus, indexDir: index })
    const full = await reindex({ corpusDir: corpus, indexDir: join(folder.path, 'claims-full'), full: true })
    for (const summary of [incremental, full]) {
      expect((await summary.engine.getDocument('shared-id'))?.title).toBe('先来的文章')
      expect(summary.problems.filter(problem => problem.code === 'DUPLICATE_ID').map(problem => problem.file)).toEqual(['zz-later.jsonl'])
    }
    expect(incremental.documents).toBe(full.documents)
    await rm(join(corpus, 'aa-first.jsonl'))
    await rm(join(corpus, 'zz-later.jsonl'))
  })

  it('analyzes again only the articles that hold a word added to the user dictionary', async () => {
    await writeFile(join(corpus, 'user.dict'), (await readFile(join(corpus, 'user.dict'), 'utf8')) + '职工之家\n')
    const summary = await reindex({ corpusDir: corpus, indexDir: index })
    expect(summary.mode).toBe('incremental')
    expect(summary.dictionary).toEqual({ added: ['职工之家'], removed: [], reanalyzed: (await ids(summary.engine, '"职工之家"')).length })
  })

  it('clears what a crashed save recorded before it writes, so the disk does not stay full, and nothing else', async () => {
    // What a save killed before its manifest switch leaves: the journal it wrote first, the
    // files it listed there, and its temporary manifest.
    const crashed = join(index, 'segments', 'seg-crashed-00000000.zix')
    await writeFile(crashed, Buffer.alloc(1024))
    await writeFile(join(index, '.manifest.json.build-crashed.tmp'), '{')
    await writeFile(join(index, '.zhsearch-save.build-crashed.json'), JSON.stringify({ files: ['segments/seg-crashed-00000000.zix', '.manifest.json.build-crashed.tmp'] }))
    // Files no save recorded, whatever their names: not zhsearch's to remove.
    const unrecorded = join(index, 'segments', 'seg-unrecorded-00000000.zix')
    await writeFile(unrecorded, 'a file zhsearch never wrote')
    await writeFile(join(index, 'segments', 'notes.txt'), 'mine')
    await reindex({ corpusDir: corpus, indexDir: index, full: true })
    const left = await readdir(join(index, 'segments'))
    expect(left).not.toContain('seg-crashed-00000000.zix')
    expect(await readdir(index)).not.toContain('.manifest.json.build-crashed.tmp')
    expect(await readdir(index)).not.toContain('.zhsearch-save.build-crashed.json')
    expect(left).toEqual(expect.arrayContaining(['seg-unrecorded-00000000.zix', 'notes.txt']))
    expect(await readFile(join(index, 'segments', 'notes.txt'), 'utf8')).toBe('mine')
    await rm(unrecorded)
    await rm(join(index, 'segments', 'notes.txt'))
  })

  it('keeps only the segment files of the current and the previous manifest', async () => {
    const before = await readManifest(index)
    await reindex({ corpusDir: corpus, indexDir: index, full: true })
    await reindex({ corpusDir: corpus, indexDir: index, full: true })
    const current = await readManifest(index)
    const files = (await readdir(join(index, 'segments'))).sort()
    const names = new Set(files.map(file => file.replace(/\.z(ix|tx)$/, '')))
    expect(names.size).toBeLessThanOrEqual(2)
    for (const segment of current.segments) expect(names).toContain(segment.name)
    for (const segment of before.segments) expect(names).not.toContain(segment.name)
  })
})

describe('SearchEngine.open errors', () => {
  it('says to reindex when there is no index', async () => {
    await expect(SearchEngine.open(join(folder.path, 'nothing'))).rejects.toMatchObject({
      code: 'INDEX_NOT_FOUND',
      message: expect.stringContaining('zhsearch reindex'),
    })
  })

  it('refuses an index of another format version, saying to reindex', async () => {
    const other = join(folder.path, 'old-index')
    await cp(index, other, { recursive: true })
    const manifest = JSON.parse(await readFile(join(other, MANIFEST_FILE), 'utf8'))
    // The version before: its segments have no pinyin tables.
    for (const formatVersion of [0, INDEX_FORMAT_VERSION - 1]) {
      await writeFile(join(other, MANIFEST_FILE), JSON.stringify({ ...manifest, formatVersion }))
      await expect(SearchEngine.open(other)).rejects.toMatchObject({ code: 'INDEX_FORMAT_MISMATCH', message: expect.stringContaining('reindex') })
    }
  })

  it('refuses an index built by another analyzer chain, saying to reindex', async () => {
    const other = join(folder.path, 'other-analyzer')
    await cp(index, other, { recursive: true })
    const manifest = JSON.parse(await readFile(join(other, MANIFEST_FILE), 'utf8'))
    await writeFile(join(other, MANIFEST_FILE), JSON.stringify({ ...manifest, analyzer: { ...manifest.analyzer, fingerprint: '0000' } }))
    await expect(SearchEngine.open(other)).rejects.toMatchObject({ code: 'INDEX_ANALYZER_MISMATCH', message: expect.stringContaining('reindex') })
  })

  it('reports a damaged index as INDEX_CORRUPT instead of crashing', async () => {
    const other = join(folder.path, 'damaged')
    await cp(index, other, { recursive: true })
    const { segments } = await readManifest(other)
    await writeFile(join(other, 'segments', `${segments[0]!.name}.zix`), 'truncated')
    await expect(SearchEngine.open(other)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' })
  })

  it('rebuilds over a damaged or outdated manifest instead of failing', async () => {
    const other = join(folder.path, 'repairable')
    await cp(index, other, { recursive: true })
    await writeFile(join(other, MANIFEST_FILE), 'not json')
    const summary = await reindex({ corpusDir: corpus, indexDir: other })
    expect(summary.mode).toBe('full')
    expect((await (await SearchEngine.open(other)).search('工会')).total).toBe(7)
  })

  it('leaves the previous index usable when a build is abandoned before the manifest switch', async () => {
    const before = await readManifest(index)
    // What a crash mid-write leaves behind: a half-written build folder and temporary manifest.
    await writeFile(join(index, `.${MANIFEST_FILE}.build-crashed.tmp`), '{"formatVersion": 2, "bu')
    const engine = await SearchEngine.open(index)
    expect((await engine.search('工会')).total).toBe(before.documentCount)
  })
})
