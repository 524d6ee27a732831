import { describe, expect, it } from 'vitest'
import { type Article, createAnalyzer } from '../../../src/index.js'
import { buildSegment } from '../../../src/indexing/build-segment.js'
import { applyMergePolicy, MERGE_FACTOR } from '../../../src/indexing/merge-policy.js'
import { mergeSegments } from '../../../src/indexing/segment/merge-segments.js'
import type { PinyinKind } from '../../../src/indexing/segment/segment-data.js'
import { decodeSegment, encodeSegment } from '../../../src/indexing/segment/segment-file.js'
import { Segment } from '../../../src/indexing/segment/segment.js'
import { SegmentedIndex } from '../../../src/indexing/segmented-index.js'
import { articleOf } from '../../../src/analysis/stored-document.js'
import { segmentBackend } from '../../../src/engine/segment-backend.js'
import { DEFAULT_OPTIONS } from '../../../src/options.js'
import { UNLIMITED_BUDGET } from '../../../src/search/query-budget.js'
import { topMatches } from '../../../src/search/rank.js'
import { SynonymTable } from '../../../src/analysis/synonyms.js'
import { findMatches } from '../../../src/searcher/run-search.js'

const analyzer = createAnalyzer()

const ARTICLES: Article[] = [
  { id: 'a', title: '工会送温暖', body: '冬季送温暖活动启动，工会为职工送去温暖礼盒。', author: '刘欣欣', date: '2024-01-02', origin: { file: 'a.md', ordinal: 1 } },
  { id: 'b', title: '冬至饺子', body: '寒冷的天气吃上一顿饺子，工会干部和职工一起包饺子。', author: '边磊', date: '2023-12-22', origin: { file: 'b.md', ordinal: 1 } },
  { id: 'c', title: '北京市總工會', body: '北京市总工会召开青年干部座谈会，ＬＯＮＧ街项目。', date: '2023-11-01', origin: { file: 'c.md', ordinal: 1 } },
  { id: 'd', title: '环卫工人温暖基金', body: '温暖基金累计救助金额1184.19万元，工会持续帮扶。', author: '余翠平', origin: { file: 'd.md', ordinal: 1 } },
  { id: 'e', title: '棋牌比赛', body: '康复期患者开展棋牌比赛，象棋和扑克。', origin: { file: 'e.md', ordinal: 1 } },
  { id: 'f', title: '和服展览', body: '和服务窗口不同，和服是传统服装。', origin: { file: 'f.md', ordinal: 1 } },
]

function segmentOf (articles: Article[], name: string): Segment {
  return new Segment(name, buildSegment(articles, analyzer))
}

/** The ranked ids and scores of a query (without pinyin, not relaxed), through the one query lifecycle over the index's segments. */
async function ranked (index: SegmentedIndex, query: string): Promise<Array<[string, number]>> {
  const backend = segmentBackend(index)
  const context = backend.begin()
  const { selection, relaxed } = await findMatches(context, backend.analyzer, { query }, { options: { ...DEFAULT_OPTIONS, pinyin: false }, synonyms: SynonymTable.EMPTY }, UNLIMITED_BUDGET)
  if (relaxed) return []
  const top = topMatches(selection, 0, 100, (a, b) => context.compare(a, b))
  const stored = await context.stored(Int32Array.from(top, match => match.doc))
  return top.map((match, i) => [stored[i]!.id, Math.round(match.score * 1e9) / 1e9])
}

/** A segment's pinyin tables as [key, word] entries, in their order. */
function pinyinTables (segment: Segment): Record<PinyinKind, Array<[string, string]>> {
  const entries = (kind: PinyinKind): Array<[string, string]> =>
    Array.from({ length: segment.pinyinCount(kind) }, (_, entry) => [segment.pinyinKey(kind, entry), segment.term(segment.pinyinTerm(kind, entry))])
  return { full: entries('full'), initials: entries('initials') }
}

const QUERIES = ['工会', '温暖', '饺子', '工会 -饺子', '"冬季送温暖"', '北京市总工会', 'long街', '和服', '1184.19', '棋', 'title:温暖']

describe('segments', () => {
  it('give the same ranked ids and scores whether the articles are in one segment or many', async () => {
    const one = new SegmentedIndex(analyzer, [{ segment: segmentOf(ARTICLES, 'seg-one') }])
    const many = new SegmentedIndex(analyzer, ARTICLES.map((article, i) => ({ segment: segmentOf([article], `seg-${i}`) })))
    const pairs = new SegmentedIndex(analyzer, [0, 2, 4].map(i => ({ segment: segmentOf(ARTICLES.slice(i, i + 2), `seg-p${i}`) })))
    for (const query of QUERIES) {
      expect(await ranked(many, query), query).toEqual(await ranked(one, query))
      expect(await ranked(pairs, query), query).toEqual(await ranked(one, query))
    }
    expect((await ranked(one, '工会')).map(([id]) => id).sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('round-trip through their files unchanged, and refuse a file that does not match its checksum', async () => {
    const data = buildSegment(ARTICLES, analyzer)
    const files = encodeSegment(data)
    const checks = { index: { bytes: files.index.length, crc32: 0 }, text: { bytes: files.text.length, crc32: 0 } }
    expect(() => decodeSegment(files, checks)).toThrow(/checksum/)
    const decoded = decodeSegment(files)
    expect(decoded.text).toBe(data.text)
    expect([...decoded.gramKeys]).toEqual([...data.gramKeys])
    expect([...decoded.wordPostings]).toEqual([...data.wordPostings])
    expect(pinyinTables(new Segment('seg-d', decoded))).toEqual(pinyinTables(new Segment('seg-o', data)))
  })

  it('hold the pinyin of their Han words, full and initials, sorted for lookups by key and by prefix', async () => {
    const segment = segmentOf(ARTICLES, 'seg-p')
    const spelled = (kind: PinyinKind, letters: string, prefix = false): string[] => {
      const [from, to] = segment.pinyinRange(kind, letters, prefix)
      return Array.from({ length: to - from }, (_, i) => segment.term(segment.pinyinTerm(kind, from + i)))
    }
    expect(spelled('full', 'gonghui')).toEqual(['工会'])
    expect(spelled('full', 'jiaozi')).toEqual(['饺子'])
    expect(spelled('initials', 'gh')).toEqual(['工会'])
    expect(spelled('full', 'gongh', true)).toEqual(['工会', '工会干部'])
    expect(spelled('full', 'wen', true)).toContain('温暖')
    expect(spelled('full', 'long')).toEqual([])
    expect(spelled('initials', 'h')).toEqual([])
    for (const kind of ['full', 'initials'] as const) {
      const keys = pinyinTables(segment)[kind].map(([key]) => key)
      expect(keys).toEqual([...keys].sort())
      expect(keys.every(key => /^[a-z]+$/.test(key))).toBe(true)
    }
  })

  it('merge into the same pinyin tables as a fresh build of the same articles', async () => {
    const one = segmentOf(ARTICLES, 'seg-one')
    const merged = new Segment('seg-m', mergeSegments(ARTICLES.map((article, i) => ({ segment: segmentOf([article], `seg-${i}`), deleted: undefined }))))
    expect(pinyinTables(merged)).toEqual(pinyinTables(one))
  })

  it('rebuild each article exactly as it was written, traditional and full-width text included', async () => {
    const segment = segmentOf(ARTICLES, 'seg-x')
    const index = new SegmentedIndex(analyzer, [{ segment }])
    const address = index.find('c')!
    expect(articleOf(segment.storedDocument(address.doc))).toMatchObject({ id: 'c', title: '北京市總工會', body: '北京市总工会召开青年干部座谈会，ＬＯＮＧ街项目。', date: '2023-11-01' })
  })

  it('hide deleted documents (tombstones) until a merge drops them, with the same ranking as a fresh build', async () => {
    const index = new SegmentedIndex(analyzer, [{ segment: segmentOf(ARTICLES.slice(0, 3), 'seg-1') }, { segment: segmentOf(ARTICLES.slice(3), 'seg-2') }])
    expect(index.remove(['b', 'd', 'missing'])).toBe(2)
    expect(index.size).toBe(4)
    const fresh = new SegmentedIndex(analyzer, [{ segment: segmentOf(ARTICLES.filter(a => a.id !== 'b' && a.id !== 'd'), 'seg-f') }])
    for (const query of QUERIES) expect(await ranked(index, query), query).toEqual(await ranked(fresh, query))

    const merged = new Segment('seg-m', mergeSegments(index.segments))
    expect(merged.docCount).toBe(4)
    index.replaceSegments(index.segments, merged)
    expect(index.segments).toHaveLength(1)
    expect(index.segments[0]!.live).toBe(4)
    for (const query of QUERIES) expect(await ranked(index, query), query).toEqual(await ranked(fresh, query))
    expect(merged.findTerm('饺子')).toBe(-1)
    const [from, to] = merged.pinyinRange('full', 'jiaozi')
    expect(to - from, 'no live article holds 饺子: its pinyin goes with it').toBe(0)
    expect(pinyinTables(merged)).toEqual(pinyinTables(fresh.segments[0]!.segment))
  })

  it('replace an article when a segment with the same id is added', async () => {
    const index = new SegmentedIndex(analyzer, [{ segment: segmentOf(ARTICLES, 'seg-1') }])
    index.addSegment(segmentOf([{ ...ARTICLES[1]!, body: '今天没有饺子，只有汤圆。' }], 'seg-2'))
    expect(index.size).toBe(ARTICLES.length)
    expect((await ranked(index, '汤圆')).map(([id]) => id)).toEqual(['b'])
    expect(await ranked(index, '包饺子')).toEqual([])
  })

  it('merge by size tiers: MERGE_FACTOR small segments become one, and a mostly deleted segment is rewritten', async () => {
    const index = new SegmentedIndex(analyzer, Array.from({ length: MERGE_FACTOR }, (_, i) => ({ segment: segmentOf([{ ...ARTICLES[i % ARTICLES.length]!, id: `x${i}` }], `seg-t${i}`) })))
    expect(applyMergePolicy(index)).toBe(1)
    expect(index.segments).toHaveLength(1)
    expect(index.size).toBe(MERGE_FACTOR)
    index.addSegment(segmentOf(ARTICLES, 'seg-big'))
    index.remove(['a', 'b', 'c', 'd'])
    applyMergePolicy(index)
    expect(index.segments).toHaveLength(2)
    expect(index.segments.every(segment => segment.live === segment.segment.docCount)).toBe(true)
    expect((await ranked(index, '和服')).map(([id]) => id)).toContain('f')
  })
})
