import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isZhsearchError } from '../../../src/errors.js'
import { fingerprintBytes, fingerprintFile } from '../../../src/ingest/fingerprint.js'
import { listCorpusFiles, readCorpus, readCorpusFile } from '../../../src/ingest/read-corpus.js'

const fixtures = fileURLToPath(new URL('../../fixtures/ingest/', import.meta.url))
const mixedCorpus = path.join(fixtures, 'mixed-corpus')
const seedCorpus = fileURLToPath(new URL('../../../corpus/', import.meta.url))

describe('listCorpusFiles', () => {
  it('walks subfolders in sorted order, skipping hidden files and .dict files', async () => {
    expect(await listCorpusFiles(mixedCorpus)).toEqual([
      'articles.json',
      'binary.txt',
      'empty.txt',
      'feed.jsonl',
      'gbk.txt',
      'news/front-matter.md',
      'page.txt',
      'slides.pdf',
    ])
  })

  it('throws CORPUS_NOT_FOUND for a missing folder', async () => {
    const missing = path.join(fixtures, 'no-such-folder')
    const error: unknown = await listCorpusFiles(missing).catch((caught: unknown) => caught)
    expect(isZhsearchError(error) && error.code).toBe('CORPUS_NOT_FOUND')
    expect((error as Error).message).toContain(missing)
  })

  it('throws CORPUS_NOT_A_FOLDER for a file', async () => {
    const error: unknown = await listCorpusFiles(path.join(mixedCorpus, 'page.txt')).catch((caught: unknown) => caught)
    expect(isZhsearchError(error) && error.code).toBe('CORPUS_NOT_A_FOLDER')
  })
})

describe('readCorpusFile', () => {
  it.each([
    ['utf8-bom.txt', '冬至饺子'],
    ['utf16le-bom.txt', '温暖礼盒'],
    ['utf16be-bom.txt', '棋牌比赛'],
    ['gbk.txt', '工会干部培训班'],
  ])('reads %s into one article titled %s', async (file, title) => {
    const { articles, problems, source } = await readCorpusFile(path.join(fixtures, 'encodings'), file)
    expect(problems).toEqual([])
    expect(articles).toMatchObject([{ id: `${file}#1`, title, origin: { file, ordinal: 1 } }])
    expect(source.articleIds).toEqual([`${file}#1`])
  })

  it.each([
    ['binary.txt', 'BINARY_FILE'],
    ['empty.txt', 'EMPTY_FILE'],
  ])('reports %s as %s and reads no article', async (file, code) => {
    const { articles, problems, source } = await readCorpusFile(path.join(fixtures, 'encodings'), file)
    expect(articles).toEqual([])
    expect(problems).toMatchObject([{ file, code }])
    expect(source.articleIds).toEqual([])
  })

  it('reports an unsupported extension but still fingerprints the file', async () => {
    const dir = path.join(fixtures, 'formats')
    const { articles, problems, source } = await readCorpusFile(dir, 'notes.csv')
    expect(articles).toEqual([])
    expect(problems).toMatchObject([{ file: 'notes.csv', code: 'UNSUPPORTED_FORMAT' }])
    expect(problems[0]?.message).toContain('.csv')
    expect(source.fingerprint).toBe(fingerprintBytes(readFileSync(path.join(dir, 'notes.csv'))))
  })

  it('gives the fingerprint and size of the bytes', async () => {
    const { source } = await readCorpusFile(mixedCorpus, 'news/front-matter.md')
    const bytes = readFileSync(path.join(mixedCorpus, 'news', 'front-matter.md'))
    expect(source).toEqual({
      file: 'news/front-matter.md',
      fingerprint: fingerprintBytes(bytes),
      size: bytes.length,
      articleIds: ['news/front-matter.md#1'],
    })
    expect(await fingerprintFile(path.join(mixedCorpus, 'news', 'front-matter.md'))).toBe(source.fingerprint)
  })

  describe('in a scratch folder', () => {
    let dir = ''
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'zhsearch-ingest-'))
      await symlink(path.join(dir, 'missing-target.txt'), path.join(dir, 'dangling.txt'))
      await writeFile(path.join(dir, 'twice.jsonl'), '{"id": "x", "body": "一。"}\n{"id": "x", "body": "二。"}\n')
      await mkdir(path.join(dir, 'sub'))
      await writeFile(path.join(dir, 'sub', 'x.txt'), '标题\n\n正文。\n')
      await writeFile(path.join(dir, 'x.TXT'), '标题\n\n正文。\n')
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('reports a file it cannot read as UNREADABLE_FILE with an empty fingerprint', async () => {
      expect(await listCorpusFiles(dir)).toContain('dangling.txt')
      const { articles, problems, source } = await readCorpusFile(dir, 'dangling.txt')
      expect(articles).toEqual([])
      expect(problems).toMatchObject([{ file: 'dangling.txt', code: 'UNREADABLE_FILE' }])
      expect(source.fingerprint).toBe('')
    })

    it('skips the second article using an id already used in the same file', async () => {
      const { articles, problems, source } = await readCorpusFile(dir, 'twice.jsonl')
      expect(articles.map((article) => article.body)).toEqual(['一。'])
      expect(problems).toMatchObject([{ file: 'twice.jsonl', line: 2, code: 'DUPLICATE_ID' }])
      expect(source.articleIds).toEqual(['x'])
    })

    it('matches extensions without regard to case', async () => {
      expect((await readCorpusFile(dir, 'x.TXT')).articles).toHaveLength(1)
    })

    it('sorts paths by code point', async () => {
      expect(await listCorpusFiles(dir)).toEqual(['dangling.txt', 'sub/x.txt', 'twice.jsonl', 'x.TXT'])
    })
  })
})

describe('readCorpus', () => {
  it('returns every good article of a mixed folder, in corpus order', async () => {
    const { articles } = await readCorpus(mixedCorpus)
    expect(articles.map((article) => article.id)).toEqual([
      'a-1',
      'a-2',
      'f-1',
      'gbk.txt#1',
      'news/front-matter.md#1',
      'page.txt#1',
      'page.txt#2',
    ])
    expect(articles.find((article) => article.id === 'page.txt#1')).toMatchObject({
      title: '社区食堂开门迎客',
      kicker: '冬日暖心',
      reporters: ['王小明'],
      body: '近日，某社区食堂正式开门，为周边居民和户外劳动者提供热乎饭菜。食堂负责人表示，将长期坚持平价经营。',
    })
    expect(articles.find((article) => article.id === 'page.txt#2')).toMatchObject({ title: '寒冬里的第一碗热汤', correspondents: ['李华', '赵强'] })
  })

  it('reports each bad file by name', async () => {
    const { problems } = await readCorpus(mixedCorpus)
    expect(problems.map((problem) => [problem.file, problem.code, problem.line])).toEqual([
      ['binary.txt', 'BINARY_FILE', undefined],
      ['empty.txt', 'EMPTY_FILE', undefined],
      ['feed.jsonl', 'INVALID_JSON', 2],
      ['feed.jsonl', 'DUPLICATE_ID', 3],
      ['slides.pdf', 'UNSUPPORTED_FORMAT', undefined],
    ])
  })

  it('skips a later duplicate id, naming both places', async () => {
    const { problems, sources } = await readCorpus(mixedCorpus)
    const duplicate = problems.find((problem) => problem.code === 'DUPLICATE_ID')
    expect(duplicate?.message).toContain('"a-1"')
    expect(duplicate?.message).toContain('articles.json (article 1)')
    expect(duplicate?.message).toContain('feed.jsonl (line 3)')
    expect(sources.find((source) => source.file === 'feed.jsonl')?.articleIds).toEqual(['f-1'])
  })

  it('lists a source for every file, with the ids read from it', async () => {
    const { sources } = await readCorpus(mixedCorpus)
    expect(sources.map((source) => [source.file, source.articleIds])).toEqual([
      ['articles.json', ['a-1', 'a-2']],
      ['binary.txt', []],
      ['empty.txt', []],
      ['feed.jsonl', ['f-1']],
      ['gbk.txt', ['gbk.txt#1']],
      ['news/front-matter.md', ['news/front-matter.md#1']],
      ['page.txt', ['page.txt#1', 'page.txt#2']],
      ['slides.pdf', []],
    ])
    for (const source of sources) expect(source.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('gives the same ids and fingerprints when read twice', async () => {
    const first = await readCorpus(mixedCorpus)
    const second = await readCorpus(mixedCorpus)
    expect(second.articles.map((article) => article.id)).toEqual(first.articles.map((article) => article.id))
    expect(second.sources).toEqual(first.sources)
  })

  it('reports progress after each file', async () => {
    const calls: Array<[number, number, string]> = []
    await readCorpus(mixedCorpus, { onFile: (done, total, file) => calls.push([done, total, file]) })
    expect(calls).toHaveLength(8)
    expect(calls[0]).toEqual([1, 8, 'articles.json'])
    expect(calls[7]).toEqual([8, 8, 'slides.pdf'])
  })

  it('reads the default corpus into the seven articles of the seed page', async () => {
    const { articles, problems } = await readCorpus(seedCorpus)
    expect(problems).toEqual([])
    expect(articles.map((article) => article.id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `laodong-wubao-page.txt#${n}`))
  })
})
