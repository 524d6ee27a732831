import { copyFile, cp, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pino } from 'pino'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GRAM_KEY_BASE } from '../../src/analysis/analyzer.js'
import { reindex, SearchEngine } from '../../src/index.js'
import { decodeSegment } from '../../src/indexing/segment/segment-file.js'
import type { SegmentData } from '../../src/indexing/segment/segment-data.js'
import { Segment } from '../../src/indexing/segment/segment.js'
import { createApp } from '../../src/server/create-app.js'
import { EngineHandle } from '../../src/server/engine-handle.js'
import { writeGeneratedCorpus } from '../helpers/cli-corpus.js'
import { buildCli, runCli, SEED_PAGE } from '../helpers/cli-process.js'
import { temporaryFolder } from '../helpers/default-engine.js'
import { type ForgedManifest, forgeManifest, forgeSegment, forgeSegmentBytes, readForgedManifest, segmentPath, withHeader } from '../helpers/forge-index.js'
import { buildSegmentedIndex } from '../helpers/index-folder.js'
import { type IndexProbe, type ProbeOutcome, startIndexProbe } from '../helpers/index-probe.js'

/*
 * Issue 27: index files that are wrong *and* agree with their checksums (the manifest's
 * crc32 and byte counts recomputed after the damage, as a writer with a bug or someone
 * with write access to the folder would leave them) never hang, exhaust or crash the
 * process that opens them. Each case below is one the issue found: refused with
 * INDEX_CORRUPT naming the segment and the rule, within seconds and a bounded RSS; a lie
 * only a query reaches is INDEX_CORRUPT for that query (503 from the server), not a 500
 * or a wrong answer.
 */

const QUERIES = ['工会', '温暖', '饺子']
/** A forged index is refused or answered in far less than this (the hang ran past 120 s). */
const DEADLINE_MS = 20_000
/** RSS of the probing child (Jieba's dictionary, a small index) stays under this; the 0xFFFFFFFF gramDocs reached 10 GB. */
const RSS_BOUND = 1024 ** 3

let folder: { path: string, cleanup: () => Promise<void> }
let pristine: string
let manifest: ForgedManifest
let probe: IndexProbe
let copies = 0

beforeAll(async () => {
  folder = await temporaryFolder('zhsearch-forged-')
  pristine = join(folder.path, 'pristine')
  await buildSegmentedIndex(join(folder.path, 'corpus'), pristine)
  manifest = await readForgedManifest(pristine)
  probe = await startIndexProbe({ timeoutMs: DEADLINE_MS })
  // Loads Jieba in the child, so that the cases time only the index.
  expect((await probe.probe({ dir: pristine, queries: QUERIES, limit: 10 })).kind).toBe('answered')
})

afterAll(async () => {
  await probe?.close()
  await folder?.cleanup()
})

async function forgedCopy (): Promise<string> {
  const dir = join(folder.path, `forged-${++copies}`)
  await cp(pristine, dir, { recursive: true })
  return dir
}

/** The segment with tombstones, and one without. */
function segmentNames (): { deleted: string, whole: string } {
  const deleted = manifest.segments.find(entry => entry.deleted !== undefined)
  const whole = manifest.segments.find(entry => entry.deleted === undefined)
  if (deleted === undefined || whole === undefined) throw new Error('the pristine index has no segment with tombstones, or none without')
  return { deleted: deleted.name, whole: whole.name }
}

async function segmentData (dir: string, name: string): Promise<SegmentData> {
  return decodeSegment({ index: await readFile(segmentPath(dir, name, 'zix')), text: await readFile(segmentPath(dir, name, 'ztx')) })
}

/** Makes the manifest agree that segment `name` holds `documents` live documents. */
function agreeOnDocuments (forged: ForgedManifest, name: string, documents: number): void {
  const entry = forged.segments.find(segment => segment.name === name)!
  forged.documentCount += documents - entry.documents
  entry.documents = documents
}

function expectRefused (outcome: ProbeOutcome, message: RegExp): void {
  expect(outcome, JSON.stringify(outcome).slice(0, 400)).toMatchObject({ kind: 'refused', code: 'INDEX_CORRUPT' })
  if (outcome.kind !== 'refused') return
  expect(outcome.message).toMatch(/^zhsearch: the index in .* is damaged \(.+\); run `zhsearch reindex`$/)
  expect(outcome.message).toMatch(message)
  expect(outcome.message).not.toMatch(/unexpected error|RangeError|Unexpected token|undefined|NaN/)
  expect(outcome.ms).toBeLessThan(DEADLINE_MS)
  expect(outcome.rssBytes).toBeLessThan(RSS_BOUND)
}

describe('a forged index whose checksums agree', () => {
  const cases: Array<{ name: string, forge: (dir: string) => Promise<void>, message: RegExp }> = [
    {
      name: 'docCount 1e9 in a segment header, the manifest agreeing (the issue: every opener spun in an O(docCount) loop)',
      forge: async dir => {
        const { whole } = segmentNames()
        await forgeSegmentBytes(dir, whole, 'zix', bytes => withHeader(bytes, header => { header.docCount = 1e9 }))
        await forgeManifest(dir, forged => agreeOnDocuments(forged, whole, 1e9))
      },
      message: /segment seg-[a-z0-9-]+: fieldStarts has \d+ entries, not 4000000001 \(docCount 1000000000\)/,
    },
    {
      name: 'docCount 0 in a segment header, the manifest agreeing',
      forge: async dir => {
        const { whole } = segmentNames()
        await forgeSegmentBytes(dir, whole, 'zix', bytes => withHeader(bytes, header => { header.docCount = 0 }))
        await forgeManifest(dir, forged => agreeOnDocuments(forged, whole, 0))
      },
      message: /fieldStarts has \d+ entries, not 1 \(docCount 0\)/,
    },
    {
      name: 'every gramDocs 0xFFFFFFFF (the issue: a 16 GB typed array on the first search, RSS 10 GB)',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => { data.gramDocs.fill(0xffffffff) }),
      message: /gramDocs of gram 0 is 4294967295, more than its postings can hold/,
    },
    {
      name: 'one gramDocs 30,000,000 (the issue: "30,000,176 results")',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => { data.gramDocs[data.gramDocs.length >> 1] = 30_000_000 }),
      message: /gramDocs of gram \d+ is 30000000, more than its postings can hold/,
    },
    {
      name: 'a termDocs overflow',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => { data.termDocs[0] = 0xffffffff }),
      message: /termDocs of term 0 is 4294967295, more than its postings can hold/,
    },
    {
      name: 'gramBytes declared longer than its file',
      forge: dir => forgeSegmentBytes(dir, segmentNames().whole, 'zix', bytes => withHeader(bytes, header => {
        header.arrays.find(array => array.key === 'gramBytes')!.length += 1_000_000
      })),
      message: /array gramBytes runs past the end of its file/,
    },
    {
      name: 'termPostings pointing past wordPostings',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => { data.termPostings[data.termPostings.length - 1]! += 100 }),
      message: /termPostings ends at \d+, wordPostings has \d+ bytes/,
    },
    {
      name: 'metaStarts shifted by one character',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => { for (let i = 0; i < data.metaStarts.length; i++) data.metaStarts[i]! += 1 }),
      message: /metaStarts starts at \d+, not at \d+/,
    },
    {
      name: 'a field start past the text',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => { data.fieldStarts[1] = data.text.length + 10 }),
      message: /fieldStarts goes down at entry 2|field 0 of the text does not end with the field separator/,
    },
    {
      name: 'a document\'s source naming a value that does not exist',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => { data.sourceValues[0] = data.values.length + 5 }),
      message: /sourceValues of document 0 is not a value/,
    },
    {
      name: 'the dictionary out of order',
      forge: dir => forgeSegment(dir, segmentNames().whole, data => {
        // Swaps the first two terms' text (same lengths: two terms of one character).
        const ranks = [...data.termStarts.keys()].filter(rank => rank < data.termStarts.length - 2 && data.termStarts[rank + 1]! - data.termStarts[rank]! === 1 && data.termStarts[rank + 2]! - data.termStarts[rank + 1]! === 1)
        const at = data.termStarts[ranks[0]!]!
        data.text = data.text.slice(0, at) + data.text[at + 1] + data.text[at] + data.text.slice(at + 2)
      }),
      message: /term \d+ is not after term \d+ in the dictionary's order/,
    },
    {
      name: 'a segment listed twice in the manifest, the counts agreeing (the issue: every hit doubled)',
      forge: dir => forgeManifest(dir, forged => {
        const entry = forged.segments.find(segment => segment.name === segmentNames().whole)!
        forged.segments.push({ ...entry })
        forged.documentCount += entry.documents
      }),
      message: /manifest\.json lists segment seg-[a-z0-9-]+ twice/,
    },
    {
      name: 'a segment\'s files copied under a second name, the counts agreeing',
      forge: async dir => {
        const { whole } = segmentNames()
        const copy = 'seg-copy-of-a-segment'
        for (const ext of ['zix', 'ztx'] as const) await cp(segmentPath(dir, whole, ext), segmentPath(dir, copy, ext))
        const terms = (await segmentData(dir, whole)).termDocs.length
        await forgeManifest(dir, forged => {
          const entry = forged.segments.find(segment => segment.name === whole)!
          forged.segments.push({ ...entry, name: copy })
          forged.documentCount += entry.documents
          forged.termCount += terms
        })
      },
      message: /article ".+" is live in two places/,
    },
    {
      name: 'tombstones deleting every document of a segment, documentCount agreeing (the issue: still answered 176)',
      forge: async dir => {
        const { whole } = segmentNames()
        await forgeManifest(dir, forged => {
          const entry = forged.segments.find(segment => segment.name === whole)!
          const bits = Buffer.alloc(Math.ceil(entry.documents / 8))
          for (let doc = 0; doc < entry.documents; doc++) bits[doc >> 3]! |= 1 << (doc & 7)
          entry.deleted = bits.toString('base64')
          forged.documentCount -= entry.documents
        })
      },
      message: /its tombstones delete all its \d+ documents/,
    },
    {
      name: 'tombstones of the wrong size',
      forge: dir => forgeManifest(dir, forged => {
        const entry = forged.segments.find(segment => segment.name === segmentNames().deleted)!
        entry.deleted = Buffer.concat([Buffer.from(entry.deleted!, 'base64'), Buffer.alloc(4)]).toString('base64')
      }),
      message: /its tombstones are \d+ bytes of base64/,
    },
    {
      name: 'a manifest whose documentCount does not add up',
      forge: dir => forgeManifest(dir, forged => { forged.documentCount += 1 }),
      message: /manifest\.json says \d+ documents, its segments hold \d+ live/,
    },
  ]

  for (const { name, forge, message } of cases) {
    it(`is refused with INDEX_CORRUPT, quickly and in bounded memory: ${name}`, async () => {
      const dir = await forgedCopy()
      await forge(dir)
      expectRefused(await probe.probe({ dir, queries: QUERIES, limit: 10 }), message)
    })
  }

  it('makes `zhsearch search` exit 1 in seconds for docCount 1e9, saying what is wrong, with no stack trace', async () => {
    await buildCli()
    const dir = await forgedCopy()
    await cases[0]!.forge(dir)
    const started = Date.now()
    const result = await runCli(['search', '工会', '--index', dir], { cwd: folder.path, timeoutMs: DEADLINE_MS })
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS)
    expect(result.code, result.stderr).toBe(1)
    expect(result.stderr).toMatch(/^zhsearch: the index in .* is damaged \(segment seg-[a-z0-9-]+: fieldStarts has/)
    // The line after it is the CLI's advice for an --index folder: how to rebuild it.
    expect(result.stderr.trim().split('\n')[1]).toMatch(/^ {2}for this folder: zhsearch reindex --index /)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('a forged posting list or stored field that only a query reaches', () => {
  /** Forges the segment without tombstones through `edit` (given the segment to look things up). */
  async function forgeWhole (edit: (data: SegmentData, segment: Segment) => void): Promise<string> {
    const dir = await forgedCopy()
    await forgeSegment(dir, segmentNames().whole, data => edit(data, new Segment('lookup', data)))
    return dir
  }

  const gramOf = (char: string): number => char.codePointAt(0)! * GRAM_KEY_BASE

  it('is INDEX_CORRUPT for the searches that read it, and the others still answer: a document gap of 0 in a gram', async () => {
    const dir = await forgeWhole((data, segment) => {
      data.gramBytes[data.gramPostings[segment.findGram(gramOf('饺'))]!] = 0
    })
    const engine = await SearchEngine.open(dir)
    await expect(engine.search('饺')).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/segment seg-[a-z0-9-]+: the postings of gram \d+ do not decode/) })
    expect((await engine.search('工会')).total).toBeGreaterThan(0)
  })

  it('is INDEX_CORRUPT: a gram posting whose last varint does not end', async () => {
    const dir = await forgeWhole((data, segment) => {
      const rank = segment.findGram(gramOf('工'))
      data.gramBytes[data.gramPostings[rank + 1]! - 1] = 0x80
    })
    await expect((await SearchEngine.open(dir)).search('工')).rejects.toMatchObject({ code: 'INDEX_CORRUPT' })
  })

  it('is INDEX_CORRUPT: a word posting naming a field byte of no field', async () => {
    const dir = await forgeWhole((data, segment) => {
      const rank = segment.findTerm('工会')
      const start = data.termPostings[rank]!
      // The first posting: a one-byte document gap, then its field byte.
      data.wordPostings[start + 1] = 0x20
    })
    await expect((await SearchEngine.open(dir)).search('工会')).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/the postings of term \d+ do not decode/) })
  })

  it('is INDEX_CORRUPT: stored fields that are not JSON, or that would overwrite the article\'s id', async () => {
    for (const replacement of ['{"author":', '{"id":"forged","title":"forged"}']) {
      const dir = await forgeWhole(data => {
        // Document 0's stored fields, replaced; the text after them moves, and every offset past them with it.
        const from = data.metaStarts[0]!
        const to = data.metaStarts[1]!
        const shift = replacement.length - (to - from)
        data.text = data.text.slice(0, from) + replacement + data.text.slice(to)
        for (const key of ['metaStarts', 'termStarts', 'pinyinStarts', 'initialsStarts'] as const) {
          const starts = data[key]
          for (let i = key === 'metaStarts' ? 1 : 0; i < starts.length; i++) starts[i]! += shift
        }
      })
      const engine = await SearchEngine.open(dir)
      const id = firstId(await segmentData(dir, segmentNames().whole))
      await expect(engine.getDocument(id), replacement).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/the stored fields of document 0 do not decode/) })
    }
  })

  it('answers 503 INDEX_UNAVAILABLE over HTTP (not 500) for the searches that read it, 200 for the others', async () => {
    const dir = await forgeWhole((data, segment) => {
      data.gramBytes[data.gramPostings[segment.findGram(gramOf('饺'))]!] = 0
    })
    const logger = pino({ level: 'silent' })
    const handle = new EngineHandle({ indexDir: dir, engine: await SearchEngine.open(dir), logger, debounceMs: 50 })
    const app = createApp(handle, { logger })
    const damaged = await request(app).get(`/api/search?q=${encodeURIComponent('饺')}`)
    expect(damaged.status).toBe(503)
    expect(damaged.body).toEqual({ error: { code: 'INDEX_UNAVAILABLE', message: expect.any(String) } })
    expect((await request(app).get(`/api/search?q=${encodeURIComponent('工会')}`)).status).toBe(200)
  })
})

function firstId (data: SegmentData): string {
  return data.text.slice(data.idStarts[0]!, data.idStarts[1]!)
}

describe('a forged posting list that only a reindex\'s merge reaches', () => {
  it('makes the reindex build anew (mode full, saying why) instead of failing, and the index answers again', async () => {
    // One segment: the seed page and 30 generated articles; replacing those 30 leaves it
    // mostly deleted, so the reindex rewrites it and decodes every posting list it keeps.
    const corpusDir = join(folder.path, 'merge-corpus')
    const indexDir = join(folder.path, 'merge-index')
    await mkdir(corpusDir)
    await copyFile(SEED_PAGE, join(corpusDir, 'laodong-wubao-page.txt'))
    await writeGeneratedCorpus(join(corpusDir, 'b.jsonl'), 30, 7)
    await reindex({ corpusDir, indexDir, workers: 0 })
    const [only] = (await readForgedManifest(indexDir)).segments
    await forgeSegment(indexDir, only!.name, data => {
      const segment = new Segment('lookup', data)
      // The first posting of 工会 (in the seed page's articles, which stay): a field byte of no field.
      data.wordPostings[data.termPostings[segment.findTerm('工会')]! + 1] = 0x20
    })
    await writeGeneratedCorpus(join(corpusDir, 'b.jsonl'), 30, 8)

    const summary = await reindex({ corpusDir, indexDir, workers: 0 })

    expect(summary.mode).toBe('full')
    expect(summary.fullReason).toMatch(/^the previous index is damaged \(the index in .* is damaged \(segment seg-[a-z0-9-]+: the postings of term \d+ do not decode/)
    const fresh = await SearchEngine.fromCorpus(corpusDir, { workers: 0 })
    const expected = (await fresh.engine.search('工会')).hits.map(hit => hit.id)
    expect((await summary.engine.search('工会')).hits.map(hit => hit.id)).toEqual(expected)
    expect((await (await SearchEngine.open(indexDir)).search('工会')).hits.map(hit => hit.id)).toEqual(expected)
  })
})
