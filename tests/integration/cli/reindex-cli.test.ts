import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SearchEngine } from '../../../src/index.js'
import { buildCli, createWorkspace, parseJson, runCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * `zhsearch reindex` as a child process: the first build, an incremental update after
 * files are added, changed and deleted (with counts in the summary), and search results
 * that are the same as those of a --full rebuild of the same corpus.
 */

interface JsonSummary {
  mode: 'full' | 'incremental'
  fullReason?: string
  articles: { added: number, updated: number, removed: number, unchanged: number }
  files: { total: number, read: number, unchanged: number, removed: number, skipped: number }
  problems: Array<{ file: string, line?: number, code: string, message: string }>
  documents: number
  terms: number
  sizeBytes: number
  ms: number
}

const jsonl = (...records: object[]): string => records.map(record => JSON.stringify(record)).join('\n') + '\n'

let workspace: Workspace

beforeAll(async () => {
  await buildCli()
  workspace = await createWorkspace()
  await writeFile(join(workspace.corpus, 'winter.md'), '---\ntitle: 冬季送温暖走访记\nauthor: 王冬\n---\n工会干部走访一线职工，送上棉衣和慰问金。\n')
  await writeFile(join(workspace.corpus, 'briefs.jsonl'), jsonl(
    { id: 'brief-1', title: '环卫职工喝上热姜茶', body: '街道工会在暖心驿站为环卫职工准备了热姜茶。' },
    { id: 'brief-2', title: '快递小哥的暖心驿站', body: '暖心驿站为快递小哥提供热水和充电服务。' },
  ))
  await writeFile(join(workspace.corpus, 'notice.json'), JSON.stringify({ id: 'notice-1', title: '职工书屋开放通知', body: '职工书屋周末照常开放，欢迎工会会员借阅。' }))
})

afterAll(async () => {
  await workspace?.remove()
})

describe('zhsearch reindex', () => {
  it('builds the first index in full and prints a summary on stdout, plain progress lines on stderr', async () => {
    const result = await runCli(['reindex'], { cwd: workspace.dir })

    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Indexed corpus\/ into index\/ in .+ \(full rebuild: no index yet\)$/m)
    expect(result.stdout).toContain('articles  11 added, 0 updated, 0 removed, 0 unchanged')
    expect(result.stdout).toContain('files     4 files in the corpus: 4 read, 0 unchanged, 0 removed, 0 skipped')
    expect(result.stdout).toMatch(/index {5}11 documents, [\d,]+ distinct terms, 1 segment \(1 written\), [\d.]+ KiB on disk/)
    expect(result.stdout).toContain('skipped   nothing')
    // Not a terminal: one line per phase (and every few seconds), no bar, no escape codes.
    expect(result.stderr).toMatch(/^zhsearch reindex: scanning: 4 files in the corpus$/m)
    expect(result.stderr).toMatch(/^zhsearch reindex: indexing: .*11 articles/m)
    expect(result.stderr).toMatch(/^zhsearch reindex: saving: /m)
    expect(result.stderr).not.toContain('\u001B[')
  })

  it('updates incrementally after files are added, changed and deleted, and lists every skipped record', async () => {
    // Arrange: one new file, one changed (an article edited, one added), one deleted, one with a broken line.
    await writeFile(join(workspace.corpus, 'festival.md'), '# 元宵节职工联欢会\n\n区总工会举办元宵节职工联欢会，职工们猜灯谜、吃元宵。\n')
    await writeFile(join(workspace.corpus, 'briefs.jsonl'), jsonl(
      { id: 'brief-1', title: '环卫职工喝上热姜茶和红糖水', body: '街道工会在暖心驿站为环卫职工准备了热姜茶和红糖水。' },
      { id: 'brief-2', title: '快递小哥的暖心驿站', body: '暖心驿站为快递小哥提供热水和充电服务。' },
      { id: 'brief-3', title: '外卖骑手体检活动', body: '工会组织外卖骑手免费体检。' },
    ))
    await rm(join(workspace.corpus, 'notice.json'))
    await writeFile(join(workspace.corpus, 'broken.jsonl'), '{"id": "ok-1", "title": "正常的一条", "body": "这一行可以读。"}\n{"id": "bad", "title": 这一行不是JSON\n')

    // Act
    const result = await runCli(['reindex', '--json'], { cwd: workspace.dir })

    // Assert
    expect(result.code, result.stderr).toBe(0)
    const summary = parseJson<JsonSummary>(result)
    expect(summary.mode).toBe('incremental')
    // New: festival.md, brief-3, ok-1. Updated: the edited article of the changed briefs.jsonl
    // (brief-2, as it was, stays as it is). Removed: notice-1.
    expect(summary.articles).toEqual({ added: 3, updated: 1, removed: 1, unchanged: 9 })
    expect(summary.files).toEqual({ total: 5, read: 3, unchanged: 2, removed: 1, skipped: 0 })
    expect(summary.documents).toBe(13)
    expect(summary.problems).toEqual([expect.objectContaining({ file: 'broken.jsonl', line: 2, code: 'INVALID_JSON' })])
  })

  it('gives the same search results as a --full rebuild of the same corpus', async () => {
    const full = await runCli(['reindex', '--full', '--index', 'index-full'], { cwd: workspace.dir })
    expect(full.code, full.stderr).toBe(0)
    expect(full.stdout).toContain('(full rebuild: asked for (--full))')
    // The text summary lists the skipped line with its reason.
    expect(full.stdout).toMatch(/^ {4}broken\.jsonl:2 {2}INVALID_JSON {2}\S/m)

    // Both indexes, as the CLI wrote them, searched in this process: a CLI run per query
    // would spend seconds loading the library and the dictionary each time.
    const [incremental, rebuilt] = await Promise.all([SearchEngine.open(workspace.index), SearchEngine.open(join(workspace.dir, 'index-full'))])
    // 工会 finds nearly every article, so its ranking compares the statistics of the whole index.
    for (const query of ['工会', '红糖水', '工会 -饺子', 'title:骑手']) {
      const a = await incremental.search({ query, limit: 20 })
      const b = await rebuilt.search({ query, limit: 20 })
      expect(a.total, query).toBe(b.total)
      expect(a.hits.map(hit => [hit.id, hit.title, hit.snippets]), query).toEqual(b.hits.map(hit => [hit.id, hit.title, hit.snippets]))
      a.hits.forEach((hit, i) => expect(hit.score, `${query}: ${hit.id}`).toBeCloseTo(b.hits[i]!.score, 2))
    }
    // What changed is searchable as it now is; what was deleted is gone.
    expect((await incremental.search('红糖水')).total).toBe(1)
    expect((await incremental.search('借阅')).total).toBe(0)
  }, 120_000)

  it('reads nothing again when nothing changed', async () => {
    const result = await runCli(['reindex', '--json', '--workers', '0'], { cwd: workspace.dir })

    const summary = parseJson<JsonSummary>(result)
    expect(summary.mode).toBe('incremental')
    expect(summary.articles).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 13 })
    expect(summary.files.read).toBe(0)
    // Skipped records of unchanged files are still reported.
    expect(summary.problems).toHaveLength(1)
  })

  it('fails with exit code 1 and advice when the corpus folder does not exist', async () => {
    const result = await runCli(['reindex', '--corpus', 'no-such-folder', '--index', 'index-none'], { cwd: workspace.dir })

    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('corpus folder no-such-folder does not exist')
    expect(result.stderr).not.toMatch(/^\s+at /m)
  })
})
