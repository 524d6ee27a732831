import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, ROOT, runCli } from '../helpers/cli-process.js'
import { temporaryFolder } from '../helpers/default-engine.js'

/*
 * Issue 27: the first search of an engine is complete. Loading Jieba's dictionary (about a
 * second) is not search work: an engine is ready when fromArticles/open resolve, and the
 * query budget never counts the load. Each case runs in a fresh process, where nothing has
 * loaded Jieba yet; the budget (500 ms) is shorter than a dictionary load.
 */
const LIBRARY = pathToFileURL(join(ROOT, 'dist', 'index.js')).href
const BUDGET_MS = 500

let folder: { path: string, cleanup: () => Promise<void> }
let runs = 0

beforeAll(async () => {
  await buildCli()
  folder = await temporaryFolder('zhsearch-first-search-')
})
afterAll(async () => folder?.cleanup())

/** Runs `body` (an async function body with `zhsearch`, `articles` and `dir` in scope) in a fresh Node process; returns what it prints as JSON. */
async function inFreshProcess<T> (body: string): Promise<T> {
  const script = `
    const zhsearch = await import(${JSON.stringify(LIBRARY)})
    const articles = Array.from({ length: 400 }, (_, i) => ({ id: 'n' + i, title: '第' + i + '条新闻', body: (i % 3 === 0 ? '经济' : '发展') + '形势稳中向好，冬季送温暖活动第' + i + '期在各地展开，工会为一线职工送去温暖礼盒。'.repeat(2) }))
    const dir = ${JSON.stringify(join(folder.path, 'index'))}
    const result = await (async () => { ${body} })()
    process.stdout.write(JSON.stringify(result))
  `
  const file = join(folder.path, `run-${++runs}.mjs`)
  await writeFile(file, script)
  const result = await runCli([], { cwd: ROOT, script: file, timeoutMs: 120_000 })
  if (result.code !== 0) throw new Error(`the script failed (exit code ${result.code}):\n${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

interface First { partial: boolean, total: number, second: number }

describe('the first search', () => {
  it('of an engine built from 400 articles on worker threads is complete', async () => {
    const first = await inFreshProcess<First>(`
      const engine = await zhsearch.SearchEngine.fromArticles(articles, { workers: 2, queryBudgetMs: ${BUDGET_MS} })
      const response = await engine.search('经济')
      await engine.save(dir)
      return { partial: response.partial === true, total: response.total, second: (await engine.search('经济')).total }
    `)
    expect(first).toEqual({ partial: false, total: 134, second: 134 })
  })

  it('of an engine built with the default workers is complete', async () => {
    const first = await inFreshProcess<First>(`
      const engine = await zhsearch.SearchEngine.fromArticles(articles, { queryBudgetMs: ${BUDGET_MS} })
      const response = await engine.search('经济')
      return { partial: response.partial === true, total: response.total, second: (await engine.search('经济')).total }
    `)
    expect(first).toEqual({ partial: false, total: 134, second: 134 })
  })

  it('of an opened index, in this thread or on a search thread, is complete', async () => {
    const first = await inFreshProcess<{ open: First, worker: First }>(`
      const engine = await zhsearch.SearchEngine.open(dir, { queryBudgetMs: ${BUDGET_MS} })
      const response = await engine.search('经济')
      const open = { partial: response.partial === true, total: response.total, second: (await engine.search('经济')).total }
      const searcher = await zhsearch.WorkerSearcher.open(dir, { queryBudgetMs: ${BUDGET_MS} })
      const onThread = await searcher.search('经济')
      const worker = { partial: onThread.partial === true, total: onThread.total, second: (await searcher.search('经济')).total }
      await searcher.close()
      return { open, worker }
    `)
    expect(first).toEqual({ open: { partial: false, total: 134, second: 134 }, worker: { partial: false, total: 134, second: 134 } })
  })
})
