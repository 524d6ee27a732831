import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { reindex } from '../../src/index.js'
import type { KnownSource } from '../../src/ingest/corpus-diff.js'
import { readManifest } from '../../src/indexing/index-load.js'
import { runningSegmentThreads, stopSegmentThreads } from '../../src/indexing/segment-pool.js'
import { startThreadsForSync } from '../../src/indexing/sync-corpus.js'

/*
 * A reindex starts the segment threads its change will be built on as soon as it has read
 * the previous index's manifest (each loads Jieba, about a second, while the segments are
 * read), and none when there is nothing a thread would build: a thread loading Jieba keeps
 * a process alive, so an unchanged corpus must not start one.
 */
const work = await mkdtemp(join(tmpdir(), 'zhsearch-prestart-'))
afterAll(async () => {
  await stopSegmentThreads()
  await rm(work, { recursive: true, force: true })
})

const article = (i: number, text: string): string => JSON.stringify({ id: `a${i}`, title: `第${i}条`, body: text.repeat(40) })

describe('segment threads started before the previous index is read', () => {
  it('start for a change a thread builds, and not for an unchanged corpus or a small change', async () => {
    const corpus = join(work, 'corpus')
    const index = join(work, 'index')
    await mkdir(corpus)
    await writeFile(join(corpus, 'a.jsonl'), Array.from({ length: 30 }, (_, i) => article(i, '北京市总工会开展冬季送温暖活动，')).join('\n'))
    await reindex({ corpusDir: corpus, indexDir: index, workers: 0 })
    await stopSegmentThreads()
    const known = async (): Promise<Map<string, KnownSource>> => new Map((await readManifest(index)).sources.map(source => [source.file, source]))

    await startThreadsForSync(corpus, await known(), 1)
    expect(runningSegmentThreads()).toBe(0)

    // A few characters more: built on the calling thread (below THREAD_MIN_CHARS).
    await writeFile(join(corpus, 'b.jsonl'), article(100, '小'))
    await startThreadsForSync(corpus, await known(), 1)
    expect(runningSegmentThreads()).toBe(0)

    await writeFile(join(corpus, 'c.jsonl'), Array.from({ length: 60 }, (_, i) => article(200 + i, '职工之家推进高质量发展，工会和职工共同参与，')).join('\n'))
    await startThreadsForSync(corpus, await known(), 1)
    expect(runningSegmentThreads()).toBe(1)
    // The reindex builds on that thread (no second one).
    const summary = await reindex({ corpusDir: corpus, indexDir: index, workers: 1 })
    expect(summary.articles.added).toBe(61)
    expect(runningSegmentThreads()).toBe(1)
  })
})
