import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type CorpusDiff, diffCorpus, type KnownSource, staleIds } from '../../../src/ingest/corpus-diff.js'
import { listCorpusFiles } from '../../../src/ingest/read-corpus.js'

vi.mock('node:fs/promises', async original => {
  const actual = await original<typeof import('node:fs/promises')>()
  return { ...actual, readFile: vi.fn(actual.readFile) }
})

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zhsearch-diff-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
  vi.mocked(fs.readFile).mockClear()
})

const line = (id: string, title: string): string => JSON.stringify({ id, title, body: `${title}的正文` })

/** The diff of the folder against what the previous diff recorded. */
async function diff (known: readonly KnownSource[] = []): Promise<CorpusDiff> {
  return diffCorpus(dir, await listCorpusFiles(dir), new Map(known.map(source => [source.file, source])))
}

describe('diffCorpus', () => {
  it('reads each file once, and parses only the new and changed ones', async () => {
    await writeFile(join(dir, 'a.jsonl'), `${line('1', '工会')}\n`)
    await writeFile(join(dir, 'b.jsonl'), `${line('2', '饺子')}\n`)
    const first = await diff()
    expect(vi.mocked(fs.readFile).mock.calls.length).toBe(2)
    vi.mocked(fs.readFile).mockClear()
    await writeFile(join(dir, 'b.jsonl'), `${line('2', '汤圆')}\n`)
    const second = await diff(first.entries.map(entry => entry.source))
    expect(vi.mocked(fs.readFile).mock.calls.length).toBe(2)
    expect(second.entries.map(entry => entry.kind)).toEqual(['unchanged', 'read'])
    expect(second.entries[1]!.kind === 'read' && second.entries[1]!.articles.map(article => article.title)).toEqual(['汤圆'])
    expect([...staleIds(second)]).toEqual(['2'])
  })

  it('tells which articles of a changed file are as they were: same text and same place in it', async () => {
    await writeFile(join(dir, 'a.jsonl'), [line('1', '工会'), line('2', '饺子'), line('3', '汤圆')].join('\n') + '\n')
    const first = await diff()
    await writeFile(join(dir, 'a.jsonl'), [line('1', '工会'), line('2', '包子'), line('3', '汤圆')].join('\n') + '\n')
    const edited = await diff(first.entries.map(entry => entry.source))
    const entry = edited.entries[0]!
    expect(entry.kind === 'read' && [...entry.unchanged].sort()).toEqual(['1', '3'])
    expect([...staleIds(edited)].sort()).toEqual(['1', '2', '3'])
    expect([...staleIds(edited, true)]).toEqual(['2'])

    // An article put in before the others moves them: none is where it was.
    await writeFile(join(dir, 'a.jsonl'), [line('0', '春节'), line('1', '工会'), line('2', '包子'), line('3', '汤圆')].join('\n') + '\n')
    const moved = await diff(edited.entries.map(entry => entry.source))
    expect(moved.entries[0]!.kind === 'read' && [...moved.entries[0]!.unchanged]).toEqual([])
    expect([...staleIds(moved, true)].sort()).toEqual(['1', '2', '3'])
  })

  it('keeps no article of a file remembered without fingerprints (an index made before them)', async () => {
    await writeFile(join(dir, 'a.jsonl'), `${line('1', '工会')}\n`)
    const first = await diff()
    await writeFile(join(dir, 'a.jsonl'), `${line('1', '工会')}\n${line('2', '饺子')}\n`)
    const older = first.entries.map(({ source: { articleFingerprints, ...rest } }) => rest)
    const second = await diff(older)
    expect(second.entries[0]!.kind === 'read' && [...second.entries[0]!.unchanged]).toEqual([])
    expect([...staleIds(second, true)]).toEqual(['1'])
  })

  it('gives an id to the first file in corpus order, also when a later file holding it is unchanged', async () => {
    await writeFile(join(dir, 'b.jsonl'), `${line('x', '后来的')}\n`)
    const first = await diff()
    // a.jsonl comes before b.jsonl: a full read would give it x, and so does the diff.
    await writeFile(join(dir, 'a.jsonl'), `${line('x', '先来的')}\n`)
    const second = await diff(first.entries.map(entry => entry.source))
    const [a, b] = second.entries
    expect(a!.kind === 'read' && a!.articles.map(article => article.title)).toEqual(['先来的'])
    expect(b!.kind).toBe('read')
    expect(b!.source.articleIds).toEqual([])
    expect(b!.source.problems?.map(problem => problem.code)).toEqual(['DUPLICATE_ID'])
    expect([...staleIds(second)]).toEqual(['x'])
  })

  it('indexes an article skipped as a duplicate once the file that held its id is gone', async () => {
    await writeFile(join(dir, 'a.jsonl'), `${line('x', '先来的')}\n`)
    await writeFile(join(dir, 'b.jsonl'), `${line('x', '后来的')}\n`)
    const first = await diff()
    expect(first.entries[1]!.source.articleIds).toEqual([])
    await rm(join(dir, 'a.jsonl'))
    const second = await diff(first.entries.map(entry => entry.source))
    expect(second.removed.map(source => source.file)).toEqual(['a.jsonl'])
    const [b] = second.entries
    expect(b!.kind === 'read' && b!.articles.map(article => article.title)).toEqual(['后来的'])
  })
})
