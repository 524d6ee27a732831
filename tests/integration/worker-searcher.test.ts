import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reindex, type SearchEngine, WorkerSearcher } from '../../src/index.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../helpers/default-engine.js'

/*
 * WorkerSearcher: the saved index searched on a worker thread, as `serve` does by default
 * (issue #15, item 11): the same answers as the engine on this thread, the same errors.
 */

let folder: { path: string, cleanup: () => Promise<void> }
let indexDir: string
let local: SearchEngine
let threaded: WorkerSearcher

beforeAll(async () => {
  folder = await temporaryFolder()
  indexDir = join(folder.path, 'index')
  local = (await reindex({ corpusDir: DEFAULT_CORPUS, indexDir })).engine
  threaded = await WorkerSearcher.open(indexDir)
})

afterAll(async () => {
  await threaded?.close()
  await folder?.cleanup()
})

describe('WorkerSearcher', () => {
  it('answers searches, suggestions and documents as the engine on this thread does', async () => {
    for (const query of ['工会', '快递小哥 象棋', '"冬季送温暖"', 'gonghui', '工会 -饺子']) {
      const [mine, theirs] = [await local.search(query), await threaded.search(query)]
      expect({ ...theirs, tookMs: 0 }, query).toEqual({ ...mine, tookMs: 0 })
    }
    expect(await threaded.suggest('工')).toEqual(await local.suggest('工'))
    const id = (await local.search('饺子')).hits[0]!.id
    expect(await threaded.getDocument(id)).toEqual(await local.getDocument(id))
    expect(await threaded.highlightDocument(id, '饺子')).toEqual(await local.highlightDocument(id, '饺子'))
    expect(threaded.size).toBe(local.size)
    expect(threaded.manifest?.build).toBe(local.manifest?.build)
  })

  it('rethrows the engine\'s errors with their codes', async () => {
    await expect(threaded.search({ query: 'x', limit: -1 })).rejects.toMatchObject({ name: 'ZhsearchError', code: 'INVALID_PAGING' })
    await expect(threaded.search(null as unknown as string)).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    await expect(WorkerSearcher.open(join(folder.path, 'nowhere'))).rejects.toMatchObject({ code: 'INDEX_NOT_FOUND' })
  })

  it('refuses calls once closed, with SEARCHER_STOPPED', async () => {
    const closing = await WorkerSearcher.open(indexDir)
    const refused = expect(closing.search('工会')).rejects.toMatchObject({ code: 'SEARCHER_STOPPED' })
    await closing.close()
    await refused
    await expect(closing.search('工会')).rejects.toMatchObject({ code: 'SEARCHER_STOPPED' })
  })
})
