import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type Article, readManifest, reindex, SearchEngine, WorkerSearcher } from '../../src/internal.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../helpers/default-engine.js'

/*
 * Issue 20, items 1 and 2: a save writes manifest.json and segments/ and removes only what
 * an earlier save recorded; a folder that is not a zhsearch index is refused unless asked
 * for; a path argument that is not a non-empty string is refused before anything is written.
 */
const ARTICLES: Article[] = [
  { id: 'a', title: '工会送温暖', body: '冬季送温暖活动启动，工会为职工送去温暖礼盒。' },
  { id: 'b', title: '冬至饺子', body: '寒冷的天气吃上一顿饺子。' },
]

const folders: Array<() => Promise<void>> = []
afterAll(async () => { for (const cleanup of folders) await cleanup() })

async function folder (): Promise<string> {
  const made = await temporaryFolder('zhsearch-save-')
  folders.push(made.cleanup)
  return made.path
}

/** Every file and folder under `dir`, relative, sorted. */
async function tree (dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(entry => entry.split('\\').join('/')).sort()
}

let engine: SearchEngine | undefined
async function anEngine (): Promise<SearchEngine> {
  engine ??= await SearchEngine.fromArticles(ARTICLES)
  return engine
}

describe('save() into a folder that is not a zhsearch index', () => {
  it('refuses a folder holding other things, with the fix in the message, and writes nothing', async () => {
    const dir = await folder()
    await mkdir(join(dir, 'build-output'))
    await writeFile(join(dir, 'build-output', 'app.js'), 'console.log(1)')
    const before = await tree(dir)
    const refused = (await anEngine()).save(dir)
    await expect(refused).rejects.toMatchObject({ code: 'INDEX_DIR_NOT_EMPTY', message: expect.stringContaining('build-output') })
    await expect(refused).rejects.toMatchObject({ message: expect.stringContaining('allowOtherFiles') })
    expect(await tree(dir)).toEqual(before)
  })

  it('saves beside the other files when allowed, and never touches them, save after save', async () => {
    const dir = await folder()
    await mkdir(join(dir, 'build-output'))
    await writeFile(join(dir, 'build-output', 'app.js'), 'console.log(1)')
    await mkdir(join(dir, 'segments'))
    await writeFile(join(dir, 'segments', 'notes.txt'), 'my notes')
    const live = await SearchEngine.fromArticles(ARTICLES)
    await live.save(dir, { allowOtherFiles: true })
    // Three more saves, each replacing every segment: older ones are removed, the user's files stay.
    for (const id of ['c', 'd', 'e']) {
      await live.update([{ id: 'a', title: `工会送温暖${id}`, body: '冬季送温暖。' }])
      await live.add([{ id, title: '象棋比赛', body: '快递小哥下象棋。' }])
      await live.save(dir)
    }
    expect(await readFile(join(dir, 'build-output', 'app.js'), 'utf8')).toBe('console.log(1)')
    expect(await readFile(join(dir, 'segments', 'notes.txt'), 'utf8')).toBe('my notes')
    const opened = await SearchEngine.open(dir)
    expect(opened.size).toBe(5)
    expect(await tree(dir)).toEqual(expect.arrayContaining(['build-output', 'build-output/app.js', 'manifest.json', 'segments', 'segments/notes.txt']))
  })

  it('keeps a user\'s files put into an index folder (build-output/, segments/notes.txt) through later saves', async () => {
    const dir = await folder()
    const live = await SearchEngine.fromArticles(ARTICLES)
    await live.save(dir)
    await mkdir(join(dir, 'build-output'))
    await writeFile(join(dir, 'build-output', 'report.txt'), 'kept')
    await writeFile(join(dir, 'segments', 'notes.txt'), 'kept too')
    for (let i = 0; i < 3; i++) {
      await live.update([{ id: 'b', title: `冬至饺子${i}`, body: '饺子。' }])
      await live.save(dir)
    }
    expect(await readFile(join(dir, 'build-output', 'report.txt'), 'utf8')).toBe('kept')
    expect(await readFile(join(dir, 'segments', 'notes.txt'), 'utf8')).toBe('kept too')
    // Only the current build's segments and the previous one's (a reader may still hold them).
    const manifest = await readManifest(dir)
    const names = new Set((await readdir(join(dir, 'segments'))).filter(file => file.startsWith('seg-')).map(file => file.slice(0, -4)))
    expect([...names].filter(name => !manifest.segments.some(segment => segment.name === name) && !(manifest.superseded ?? []).includes(name))).toEqual([])
  })

  it('refuses save(\'.\') in a project folder, and save(\'\'), writing nothing', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'package.json'), '{ "name": "app" }')
    await mkdir(join(dir, 'src'))
    const before = await tree(dir)
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      await expect((await anEngine()).save('.')).rejects.toMatchObject({ code: 'INDEX_DIR_NOT_EMPTY', message: expect.stringContaining('package.json') })
      for (const bad of ['', '   ', null, undefined, 42]) {
        await expect((await anEngine()).save(bad as never), String(bad)).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('save(indexDir)') })
      }
    } finally {
      process.chdir(cwd)
    }
    expect(await tree(dir)).toEqual(before)
  })

  it('never overwrites a manifest.json zhsearch did not write, even when other files are allowed', async () => {
    const dir = await folder()
    const webManifest = '{ "name": "My app", "start_url": "/" }'
    await writeFile(join(dir, 'manifest.json'), webManifest)
    for (const options of [{}, { allowOtherFiles: true }]) {
      await expect((await anEngine()).save(dir, options)).rejects.toMatchObject({ code: 'INDEX_DIR_NOT_EMPTY', message: expect.stringContaining('manifest.json') })
    }
    expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe(webManifest)
    expect(await tree(dir)).toEqual(['manifest.json'])
  })

  it('removes the build folder an older format\'s manifest names, and nothing else named build-*', async () => {
    const dir = await folder()
    await mkdir(join(dir, 'build-k2x1-abcd'))
    await writeFile(join(dir, 'build-k2x1-abcd', 'documents.json'), '[]')
    await writeFile(join(dir, 'build-k2x1-abcd', 'inverted-index.json'), '{}')
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ formatVersion: 2, build: 'build-k2x1-abcd', documentCount: 0 }))
    await mkdir(join(dir, 'build-output'))
    await (await anEngine()).save(dir)
    expect(await tree(dir)).not.toContain('build-k2x1-abcd')
    expect(await tree(dir)).toContain('build-output')
    expect((await SearchEngine.open(dir)).size).toBe(2)
  })

  it('refuses a reindex into a folder that is not an index before reading the corpus, and allows it when asked', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'README.md'), '# my folder')
    await expect(reindex({ corpusDir: DEFAULT_CORPUS, indexDir: dir })).rejects.toMatchObject({ code: 'INDEX_DIR_NOT_EMPTY' })
    expect(await tree(dir)).toEqual(['README.md'])
    const summary = await reindex({ corpusDir: DEFAULT_CORPUS, indexDir: dir, allowOtherFiles: true, workers: 0 })
    expect(summary.documents).toBe(7)
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# my folder')
    // Now an index: the next reindex needs no permission.
    expect((await reindex({ corpusDir: DEFAULT_CORPUS, indexDir: dir, full: true })).documents).toBe(7)
  })
})

describe('path arguments', () => {
  it('are refused with INVALID_REQUEST naming the argument, before anything is read or written', async () => {
    const dir = await folder()
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      for (const bad of ['', null, undefined, 7, 'a\0b']) {
        const label = JSON.stringify(bad) ?? 'undefined'
        await expect(SearchEngine.open(bad as never), label).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('open(indexDir)') })
        await expect(WorkerSearcher.open(bad as never), label).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('open(indexDir)') })
        await expect(SearchEngine.fromCorpus(bad as never), label).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('fromCorpus(corpusDir)') })
        await expect(reindex({ corpusDir: DEFAULT_CORPUS, indexDir: bad as never }), label).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('indexDir') })
        await expect(reindex({ corpusDir: bad as never, indexDir: 'index' }), label).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('corpusDir') })
        await expect((await anEngine()).loadSynonyms(bad as never), label).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('loadSynonyms(path)') })
      }
    } finally {
      process.chdir(cwd)
    }
    expect(await tree(dir)).toEqual([])
  })
})
