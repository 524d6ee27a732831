import { describe, expect, it } from 'vitest'
import { buildCli, CLI, ROOT, runCli } from '../../helpers/cli-process.js'

/*
 * `--help` as a person reads it in an 80-column terminal: commander wraps the descriptions
 * and notes (they carry no line breaks of their own), and counts Chinese as two columns.
 * Help written to a pipe is laid out for 80 columns, or for COLUMNS when it is set.
 */

const COMMANDS = [[], ['reindex'], ['search'], ['serve'], ['stats'], ['analyze'], ['dict'], ['dict', 'add'], ['dict', 'remove'], ['dict', 'list']]

/** Columns a line takes in a terminal: CJK and full-width characters take two. */
function columns (line: string): number {
  let width = 0
  for (const char of line) width += /[\p{Script=Han}\u3000-\u303F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(char) ? 2 : 1
  return width
}

// Each CLI run loads Node, the library and Jieba's dictionary: seconds on a busy machine.
describe('zhsearch --help', { timeout: 60_000 }, () => {
  it('fits every line of every command\'s help in 80 columns', async () => {
    await buildCli()
    const results = await Promise.all(COMMANDS.map(command => runCli([...command, '--help'], { cwd: ROOT, env: { COLUMNS: undefined } })))

    results.forEach((result, i) => {
      const name = ['zhsearch', ...COMMANDS[i]!].join(' ')
      expect(result.code, name).toBe(0)
      const tooWide = result.stdout.split('\n').filter(line => columns(line) > 80)
      expect(tooWide, `${name} --help`).toEqual([])
    })
  })

  it('lets commander wrap descriptions and notes to the width, rather than breaking them by hand', async () => {
    await buildCli()
    const [narrow, wide] = await Promise.all([
      runCli(['reindex', '--help'], { cwd: ROOT, env: { COLUMNS: '60' } }),
      runCli(['reindex', '--help'], { cwd: ROOT, env: { COLUMNS: '400' } }),
    ])

    // One line each at 400 columns: no line breaks inside the paragraphs.
    expect(wide.stdout).toMatch(/^Brings the index in step with the corpus folder\. .* leaves the previous index as it was\.$/m)
    expect(wide.stdout).toMatch(/^Progress goes to stderr .* goes to stdout\.$/m)
    // The paragraphs wrapped at 60 columns (commander leaves option lists alone when their
    // description column would be narrower than 40).
    const paragraphs = narrow.stdout.split('\n').filter(line => !line.startsWith(' '))
    expect(Math.max(...paragraphs.map(columns))).toBeLessThanOrEqual(60)
    expect(narrow.stdout).toMatch(/^Brings the index in step with the corpus folder\. Incremental\nby default: /m)
  })
})

describe('the built command', () => {
  it('runs on its own, as `npx zhsearch` in a clone runs it: the build sets its execute bit', async () => {
    await buildCli()
    const { stat } = await import('node:fs/promises')
    expect((await stat(CLI)).mode & 0o111, 'dist/cli/main.js is executable').toBe(0o111)
    const { execFile } = await import('node:child_process')
    const version = await new Promise<string>((resolve, reject) => execFile(CLI, ['--version'], (error, stdout) => error === null ? resolve(stdout) : reject(error)))
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})
