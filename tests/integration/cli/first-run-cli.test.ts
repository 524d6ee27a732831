import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from '../../helpers/cli-process.js'

/*
 * A newcomer's first commands, in a folder with neither corpus/ nor index/: each failure
 * says what a corpus folder is and how to start one, and a --corpus that names a file gets
 * the catalogue's "not a folder" message, not a system error.
 */

let dir: string

beforeAll(async () => {
  await buildCli()
  dir = await mkdtemp(join(tmpdir(), 'zhsearch-first-run-'))
  await writeFile(join(dir, 'README.md'), '# 说明\n\n这不是语料文件夹。\n')
})

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

/** What stderr must say about corpus folders after a failed first run. */
function expectCorpusAdvice (stderr: string): void {
  expect(stderr).toContain('A corpus folder holds the articles to index')
  for (const kind of ['.txt', '.md', '.json', '.jsonl']) expect(stderr).toMatch(new RegExp(`^ {4}\\${kind} +\\S`, 'm'))
  expect(stderr).toContain('To start one: mkdir -p corpus && cp ~/文章/*.txt corpus/ && zhsearch reindex')
}

describe('zhsearch in an empty folder', () => {
  it('search says there is no index, nor a corpus to build one from, and what a corpus folder is', async () => {
    const result = await runCli(['search', '工会'], { cwd: dir })

    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^zhsearch: no index in index; run `zhsearch reindex` to build one$/m)
    expect(result.stderr).toContain('zhsearch reindex reads the corpus folder corpus/, which is not here either.')
    expectCorpusAdvice(result.stderr)
  })

  it('reindex says the corpus folder does not exist, what one is and how to start it', async () => {
    const result = await runCli(['reindex'], { cwd: dir })

    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/^zhsearch: corpus folder corpus does not exist/m)
    expectCorpusAdvice(result.stderr)
  })

  it('reindex and analyze with --corpus naming a file say it is not a folder', async () => {
    const results = await Promise.all([
      runCli(['reindex', '--corpus', 'README.md'], { cwd: dir }),
      runCli(['analyze', '工会', '--corpus', 'README.md'], { cwd: dir }),
    ])

    for (const result of results) {
      expect(result.code).toBe(1)
      expect(result.stderr.trim()).toBe('zhsearch: README.md is not a folder; --corpus takes a folder of .txt, .md, .json and .jsonl files')
    }
  })
})
