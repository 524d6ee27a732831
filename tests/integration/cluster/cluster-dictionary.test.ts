import { existsSync } from 'node:fs'
import { appendFile, copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClusterSearcher, reindexCluster, SearchEngine } from '../../../src/internal.js'
import { clusterSkipReason, startTestCluster, tearDownCluster, type TestCluster } from '../../helpers/cluster-fixture.js'

/*
 * A user-dictionary change on the cluster reads again only the corpus files that hold a
 * changed word (issue 23), and the cluster then answers exactly as an embedded engine built
 * from scratch with the new dictionary: the same ranked ids and scores, totals and
 * suggestions. Words added and removed; the rest of the corpus is not read.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const NEWS = join(process.env.ZHSEARCH_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data'), 'xwlb-news', 'corpus-2024.jsonl')
const NEWS_FILES = 4
const NEWS_PER_FILE = 150

if (clusterSkipReason !== undefined) console.log(clusterSkipReason)

let cluster: TestCluster
let corpusDir: string
let searcher: ClusterSearcher

const QUERIES = ['天岳恒', '首开天岳恒公司', '温暖基金', '溫暖基金', '工会', '培训班', '工会干部培训', '送温暖', 'tianyueheng', '高质量发展', '人工智能']

/** Every query answered by the cluster as by an embedded engine built from scratch on the corpus as it is now. */
async function expectSameAsFreshBuild (): Promise<void> {
  const embedded = (await SearchEngine.fromCorpus(corpusDir, { workers: 0, queryBudgetMs: 0 })).engine
  await searcher.refresh()
  for (const query of QUERIES) {
    const request = { query, limit: 10_000, snippets: false }
    const [local, remote] = [await embedded.search(request), await searcher.search(request)]
    expect(remote.hits.map(hit => `${hit.id} ${hit.score}`), query).toEqual(local.hits.map(hit => `${hit.id} ${hit.score}`))
    expect(remote.total, query).toBe(local.total)
  }
  for (const prefix of ['天', '天岳', '温暖', 'tian']) expect(await searcher.suggest(prefix, 8), prefix).toEqual(await embedded.suggest(prefix, 8))
}

describe.skipIf(clusterSkipReason !== undefined)('a user dictionary change on a SphinxQL cluster', () => {
  beforeAll(async () => {
    corpusDir = await mkdtemp(join(tmpdir(), 'zhsearch-cluster-dict-'))
    await copyFile(join(ROOT, 'corpus', 'laodong-wubao-page.txt'), join(corpusDir, 'laodong-wubao-page.txt'))
    // The default dictionary without 天岳恒, which the tests add and remove.
    const words = (await readFile(join(ROOT, 'corpus', 'user.dict'), 'utf8')).split('\n').filter(line => !line.startsWith('天岳恒'))
    await writeFile(join(corpusDir, 'user.dict'), words.join('\n'))
    if (existsSync(NEWS)) {
      const lines = (await readFile(NEWS, 'utf8')).split('\n').filter(line => line.trim() !== '').slice(0, NEWS_FILES * NEWS_PER_FILE)
      await mkdir(join(corpusDir, 'news'))
      for (let f = 0; f < NEWS_FILES; f++) await writeFile(join(corpusDir, 'news', `${f}.jsonl`), `${lines.slice(f * NEWS_PER_FILE, (f + 1) * NEWS_PER_FILE).join('\n')}\n`)
    }
    cluster = await startTestCluster({ shards: 2, replicas: 1 })
    expect((await reindexCluster({ corpusDir, engine: cluster.address, workers: 0 })).mode).toBe('full')
    searcher = await ClusterSearcher.connect(cluster.address, { queryBudgetMs: 0 })
  }, 300_000)

  afterAll(async () => {
    await tearDownCluster({ searcher, cluster, corpusDir })
  }, 60_000)

  it('reads again only the file holding added words, and then ranks as a fresh build with them', async () => {
    await appendFile(join(corpusDir, 'user.dict'), '\n天岳恒\n温暖基金\n')

    const summary = await reindexCluster({ corpusDir, engine: cluster.address, workers: 0 })

    expect(summary.mode).toBe('incremental')
    expect(summary.dictionary).toMatchObject({ added: ['天岳恒', '温暖基金'], removed: [], filesReread: 1 })
    expect(summary.dictionary!.reanalyzed).toBeGreaterThan(1)
    expect(summary.articles).toMatchObject({ added: 0, updated: 0, removed: 0 })
    expect(summary.files.read).toBe(1)
    expect(summary.documents).toBe(searcher.size)
    await expectSameAsFreshBuild()
  }, 180_000)

  it('reads it again when a word is removed, and ranks as a fresh build without it', async () => {
    const text = await readFile(join(corpusDir, 'user.dict'), 'utf8')
    await writeFile(join(corpusDir, 'user.dict'), text.replace('\n天岳恒\n', '\n'))

    const summary = await reindexCluster({ corpusDir, engine: cluster.address, workers: 0 })

    expect(summary.mode).toBe('incremental')
    expect(summary.dictionary).toMatchObject({ added: [], removed: ['天岳恒'], filesReread: 1 })
    await expectSameAsFreshBuild()
  }, 180_000)

  it('with nothing changed, reads no file', async () => {
    const summary = await reindexCluster({ corpusDir, engine: cluster.address, workers: 0 })

    expect(summary.mode).toBe('incremental')
    expect(summary.dictionary).toBeUndefined()
    expect(summary.files.read).toBe(0)
  }, 60_000)
})
