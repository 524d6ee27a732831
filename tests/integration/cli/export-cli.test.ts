import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStaticIndex } from '../../../src/static/node-static-index.js'
import { createIndexedWorkspace, parseJson, runCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * `zhsearch export --static DIR` through the built CLI, on a temporary copy of the default
 * corpus: what it writes, what it says, and the folders it refuses.
 */

interface JsonSummary { outDir: string, documents: number, terms: number, totalBytes: number, textBytes: number, files: Record<string, { files: number, bytes: number }> }

let workspace: Workspace

beforeAll(async () => {
  workspace = await createIndexedWorkspace()
}, 120_000)

afterAll(async () => {
  await workspace?.remove()
})

describe('zhsearch export --static', { timeout: 120_000 }, () => {
  it('writes the page, the module and the index, says how big next to the text, and the export answers 工会', async () => {
    const result = await runCli(['export', '--static', 'site'], { cwd: workspace.dir })

    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Exported index\/ as a static site in site\/ in /)
    expect(result.stdout).toMatch(/documents {2}7, [\d,]+ distinct words/)
    expect(result.stdout).toMatch(/\(the text: [\d.]+ KiB\)/)
    expect(result.stdout).toContain('python3 -m http.server -d site 8000')
    expect((await readdir(join(workspace.dir, 'site'))).sort()).toEqual(['index', 'index.html', 'load-page.js', 'page.js', 'page.js.gz', 'style.css', 'zhsearch-static.js'])
    expect((await (await openStaticIndex(join(workspace.dir, 'site'))).search('工会')).total).toBe(7)
  })

  it('replaces an earlier export, and prints the summary as JSON with --json', async () => {
    const result = await runCli(['export', '--static', 'site', '--json'], { cwd: workspace.dir })

    expect(result.code, result.stderr).toBe(0)
    const summary = parseJson<JsonSummary>(result)
    expect(summary).toMatchObject({ outDir: 'site', documents: 7 })
    expect(summary.totalBytes).toBe(Object.values(summary.files).reduce((sum, kind) => sum + kind.bytes, 0))
    expect(summary.files['index/terms']!.files).toBeGreaterThan(0)
    expect((await readdir(workspace.dir)).filter(name => name.includes('exporting'))).toEqual([])
  })

  it('refuses a folder that holds files it did not write, and leaves them as they were', async () => {
    const mine = join(workspace.dir, 'mine')
    await runCli(['export', '--static', 'mine'], { cwd: workspace.dir })
    await writeFile(join(mine, 'notes.txt'), 'keep me')

    const result = await runCli(['export', '--static', 'mine'], { cwd: workspace.dir })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('notes.txt')
    expect(result.stderr).toContain('which zhsearch did not export')
    expect(await readdir(mine)).toContain('notes.txt')
  })

  it('says what to do when there is no index to export', async () => {
    const result = await runCli(['export', '--static', 'site', '--index', 'nowhere'], { cwd: workspace.dir })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('zhsearch reindex')
  })
})
