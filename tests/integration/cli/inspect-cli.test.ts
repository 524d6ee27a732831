import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INDEX_FORMAT_VERSION } from '../../../src/internal.js'
import { createIndexedWorkspace, parseJson, runCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * The commands that look inside: `stats` (what the index holds, is it stale), `analyze`
 * (how a text is cut) and `dict` (the user dictionary, and the reindex it calls for).
 */

let workspace: Workspace

beforeAll(async () => {
  workspace = await createIndexedWorkspace()
})

afterAll(async () => {
  await workspace?.remove()
})

describe('zhsearch stats', () => {
  it('shows documents, terms, size on disk and in memory, format, build time and freshness', async () => {
    const [text, json] = await Promise.all([
      runCli(['stats'], { cwd: workspace.dir }),
      runCli(['stats', '--json'], { cwd: workspace.dir }),
    ])

    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toContain('documents       7 from 1 corpus file')
    expect(text.stdout).toMatch(/distinct terms {2}[\d,]+ words, in 1 segment/)
    expect(text.stdout).toMatch(/on disk {9}[\d.]+ KiB/)
    expect(text.stdout).toMatch(/in memory {7}[\d.]+ MiB heap in use after loading/)
    expect(text.stdout).toMatch(new RegExp(`format {10}version ${INDEX_FORMAT_VERSION}, analyzer version \\d+`))
    expect(text.stdout).toMatch(/built {11}\d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]?[\d:]*, (just now|\d+ minutes? ago)\) in [\d.]+ m?s$/m)
    expect(text.stdout).toContain('freshness       up to date with corpus/')
    const stats = parseJson<Record<string, unknown>>(json)
    expect(stats).toMatchObject({ index: 'index', documents: 7, formatVersion: INDEX_FORMAT_VERSION, segments: 1, corpus: 'corpus', freshness: { stale: false } })
    expect(stats.terms).toEqual(expect.any(Number))
    expect((stats.memory as { heapUsedBytes: number }).heapUsedBytes).toBeGreaterThan(0)
  })

  it('shows the build time in local time, with the zone and how long ago, and as UTC ISO 8601 in --json', async () => {
    const [shanghai, json] = await Promise.all([
      runCli(['stats'], { cwd: workspace.dir, env: { TZ: 'Asia/Shanghai' } }),
      runCli(['stats', '--json'], { cwd: workspace.dir, env: { TZ: 'Asia/Shanghai' } }),
    ])

    const { builtAt } = parseJson<{ builtAt: string }>(json)
    expect(builtAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    // Shanghai is UTC+8 all year.
    const local = new Date(Date.parse(builtAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
    expect(shanghai.stdout).toContain(`built           ${local} (UTC+8, `)
  })

  it('says the index is stale, and why, after the corpus changed', async () => {
    await writeFile(join(workspace.corpus, 'extra.md'), '# 新增的一篇\n\n工会送清凉。\n')
    try {
      const result = await runCli(['stats'], { cwd: workspace.dir })

      expect(result.code).toBe(0)
      expect(result.stdout).toContain('stale: corpus/ changed since the build; run `zhsearch reindex`')
      expect(result.stdout).toContain('1 new file(s): extra.md')
    } finally {
      await rm(join(workspace.corpus, 'extra.md'))
    }
  })

  it('exits 1 and says to reindex when there is no index', async () => {
    const result = await runCli(['stats', '--index', 'nowhere'], { cwd: workspace.dir })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('zhsearch reindex --index nowhere')
  })
})

// Each CLI run loads Node, the library and Jieba's dictionary: seconds on a busy machine.
describe('zhsearch analyze', { timeout: 60_000 }, () => {
  it('shows the normalized text, the Jieba words and the index terms with offsets into the original', async () => {
    const [text, json] = await Promise.all([
      runCli(['analyze', '溫暖基金', 'ＬＯＮＧ街'], { cwd: workspace.dir }),
      runCli(['analyze', '溫暖基金', 'ＬＯＮＧ街', '--json', '--grams'], { cwd: workspace.dir }),
    ])

    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^normalized {2}温暖基金 long街$/m)
    expect(text.stdout).toMatch(/^words {7}温暖 \| 基金 \| long \| 街$/m)
    expect(text.stdout).toMatch(/^\s+0\s+2\s+温暖\s+word\s+溫暖$/m)
    expect(text.stdout).toMatch(/^\s+5\s+9\s+long\s+alnum\s+ＬＯＮＧ$/m)
    const report = parseJson<{ normalized: string, words: string[], terms: Array<{ term: string, kind: string, start: number, end: number, original: string }> }>(json)
    expect(report.normalized).toBe('温暖基金 long街')
    expect(report.words).toEqual(['温暖', '基金', 'long', '街'])
    expect(report.terms).toContainEqual({ term: '温暖', kind: 'word', start: 0, end: 2, original: '溫暖' })
    expect(report.terms).toContainEqual({ term: '暖基', kind: 'gram', start: 1, end: 3, original: '暖基' })
  })
})

// Each CLI run loads Node, the library and Jieba's dictionary: seconds on a busy machine.
describe('zhsearch dict', { timeout: 60_000 }, () => {
  it('adds words, lists them, and says the index is stale until a reindex, which then analyzes again the articles that hold them', async () => {
    const added = await runCli(['dict', 'add', '天岳恒', '刘欣欣'], { cwd: workspace.dir })
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain('Added 2 words to corpus/user.dict: 天岳恒 刘欣欣')
    expect(added.stdout).toContain('The index in index/ is now stale')
    expect(added.stdout).toContain('Run `zhsearch reindex`')

    const [again, list, stats, analyzed] = await Promise.all([
      runCli(['dict', 'add', '天岳恒', '--json'], { cwd: workspace.dir }),
      runCli(['dict', 'list'], { cwd: workspace.dir }),
      runCli(['stats', '--json'], { cwd: workspace.dir }),
      runCli(['analyze', '首开天岳恒公司', '--json'], { cwd: workspace.dir }),
    ])
    expect(parseJson(again)).toMatchObject({ added: [], alreadyPresent: ['天岳恒'], indexStale: false })
    expect(list.stdout).toBe('天岳恒\n刘欣欣\n')
    expect(await readFile(join(workspace.corpus, 'user.dict'), 'utf8')).toBe('天岳恒\n刘欣欣\n')
    expect(parseJson(stats)).toMatchObject({ freshness: { stale: true, dictionaryChanged: true } })
    expect(parseJson<{ words: string[] }>(analyzed).words).toContain('天岳恒')

    const reindexed = await runCli(['reindex', '--json'], { cwd: workspace.dir })
    expect(parseJson(reindexed)).toMatchObject({ mode: 'incremental', dictionary: { added: ['天岳恒', '刘欣欣'], removed: [] } })
  })

  it('refuses a word with spaces (exit 2) and a missing corpus folder (exit 1)', async () => {
    const [spaced, missing] = await Promise.all([
      runCli(['dict', 'add', '两个 词'], { cwd: workspace.dir }),
      runCli(['dict', 'list', '--corpus', 'no-such-corpus'], { cwd: workspace.dir }),
    ])

    expect(spaced.code).toBe(2)
    expect(spaced.stderr).toContain('is not a dictionary word')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('corpus folder no-such-corpus does not exist')
  })
})
