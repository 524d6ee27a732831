import type { SearchRequest, SearchResponse } from '../../../src/internal.js'
import type { Suggestions } from '../../../src/internal.js'

/**
 * The query cases every backend answers as the embedded engine does, per corpus. A case
 * is a search (a SearchRequest) or a suggest (a prefix); what is compared is what a reader
 * sees of the answer: the ranked ids, the total, relaxed and partial, the facets (and the
 * snippets and highlights where `snippets` is asked for), or the suggested words and
 * titles. `pin` is what the reference (the embedded engine) must answer, so a case that
 * silently found nothing on every backend fails rather than agreeing on nothing; a case
 * without a pin must find something.
 */
export type BackendCase =
  | { name: string, search: SearchRequest, pin?: Partial<Pick<SearchResponse, 'total' | 'relaxed'>> & { ids?: string[] } }
  | { name: string, suggest: string, limit?: number, pin?: { words?: string[] } }

/** An article of the seed page (laodong-wubao-page.txt), by its place in the file. */
const page = (ordinal: number): string => `laodong-wubao-page.txt#${ordinal}`

export const DEFAULT_CASES: BackendCase[] = [
  // Query syntax
  { name: 'a word: 工会 finds all seven articles', search: { query: '工会', limit: 10 }, pin: { total: 7 } },
  { name: 'a phrase: "冬季送温暖"', search: { query: '"冬季送温暖"' }, pin: { total: 1, ids: [page(3)] } },
  { name: 'an exclusion: 工会 -饺子', search: { query: '工会 -饺子' }, pin: { total: 6 } },
  { name: 'exclusions only: -工会 finds nothing', search: { query: '-工会' }, pin: { total: 0 } },
  { name: 'a field: title:工会', search: { query: 'title:工会' }, pin: { total: 5 } },
  { name: 'a phrase in a field: title:"温暖礼盒"', search: { query: 'title:"温暖礼盒"' }, pin: { total: 1, ids: [page(3)] } },
  { name: 'OR is a word, not an operator: 饺子 OR 基金 relaxes', search: { query: '饺子 OR 基金' }, pin: { relaxed: true } },
  { name: 'traditional characters: 溫暖基金, with snippets', search: { query: '溫暖基金', snippets: true }, pin: { ids: [page(2)] } },
  { name: 'a byline name: 刘欣欣, with snippets and highlights', search: { query: '刘欣欣', snippets: true }, pin: { total: 2 } },
  { name: 'numbers: 1184.19', search: { query: '1184.19' }, pin: { total: 1, ids: [page(2)] } },
  // Pinyin and initials
  { name: 'pinyin: jiaozi', search: { query: 'jiaozi' }, pin: { total: 1, ids: [page(7)] } },
  { name: 'pinyin: gonghui', search: { query: 'gonghui' }, pin: { total: 7 } },
  { name: 'initials: gh', search: { query: 'gh' }, pin: { total: 7 } },
  // Synonyms (synonyms.txt of the test corpus)
  { name: 'synonyms: 员工 finds the 职工 articles', search: { query: '员工' }, pin: { total: 6 } },
  { name: 'a one-way synonym: 快递小哥 => 快递员', search: { query: '快递小哥' } },
  // Relaxed matches
  { name: 'relaxed: 快递小哥 象棋, where no article has both', search: { query: '快递小哥 象棋' }, pin: { relaxed: true } },
  { name: 'relaxed with an exclusion kept: 工会 饺子 象棋 -基金', search: { query: '工会 饺子 象棋 -基金' }, pin: { relaxed: true } },
  // Filters and facets
  { name: 'an author filter: 工会 by 刘欣欣', search: { query: '工会', author: '刘欣欣' }, pin: { total: 2 } },
  { name: 'an author filter: 工会 by 宗晓畅', search: { query: '工会', author: '宗晓畅' } },
  { name: 'an author nobody is: 工会 by 无名氏', search: { query: '工会', author: '无名氏' }, pin: { total: 0 } },
  { name: 'facets over every match, no hits: 工会 limit 0', search: { query: '工会', limit: 0 }, pin: { total: 7 } },
  { name: 'facets of a narrower query: 职工', search: { query: '职工' }, pin: { total: 6 } },
  // Paging
  { name: 'paging: 工会, page 1 of 3', search: { query: '工会', limit: 3, offset: 0 }, pin: { total: 7 } },
  { name: 'paging: 工会, page 2 of 3', search: { query: '工会', limit: 3, offset: 3 }, pin: { total: 7 } },
  { name: 'paging: 工会, page 3 of 3', search: { query: '工会', limit: 3, offset: 6 }, pin: { total: 7 } },
  { name: 'paging past the end: 工会 offset 10', search: { query: '工会', offset: 10 }, pin: { total: 7 } },
  // Suggest
  { name: 'suggest: 工', suggest: '工' },
  { name: 'suggest: 冬', suggest: '冬' },
  { name: 'suggest by pinyin: gongh', suggest: 'gongh', pin: { words: ['工会', '工会干部', '工会工作', '工会组织'] } },
  { name: 'suggest by initials: gh, three', suggest: 'gh', limit: 3 },
]

export const NEWS_CASES: BackendCase[] = [
  // Query syntax
  { name: 'a name: 习近平', search: { query: '习近平' } },
  { name: 'two words: 经济 发展', search: { query: '经济 发展', limit: 20 } },
  { name: 'a phrase: "高质量发展", with snippets', search: { query: '"高质量发展"', snippets: true } },
  { name: 'a word and an excluded phrase: 发展 -"高质量发展"', search: { query: '发展 -"高质量发展"' } },
  { name: 'a field: title:会议', search: { query: 'title:会议' } },
  { name: 'OR is a word: 乡村振兴 OR 一带一路', search: { query: '乡村振兴 OR 一带一路' }, pin: { relaxed: true } },
  // Pinyin and initials
  { name: 'pinyin: jingji', search: { query: 'jingji' } },
  { name: 'pinyin: gaozhiliang', search: { query: 'gaozhiliang' } },
  { name: 'initials: xjp', search: { query: 'xjp' } },
  // Synonyms and relaxed matches
  { name: 'synonyms: 员工 also finds 职工', search: { query: '员工' } },
  { name: 'relaxed: 经济 发展 量子纠缠', search: { query: '经济 发展 量子纠缠', limit: 20 }, pin: { relaxed: true } },
  // Filters and facets
  { name: 'a date range: 发展 in the first week of October', search: { query: '发展', dateFrom: '2022-10-01', dateTo: '2022-10-07' } },
  { name: 'a month: 发展 from 2022-10', search: { query: '发展', dateFrom: '2022-10' } },
  { name: 'a source: 发展 in xwlb-2022-09', search: { query: '发展', source: 'xwlb-2022-09' } },
  { name: 'a source and a date: 经济 in xwlb-2022-10 up to the 5th', search: { query: '经济', source: 'xwlb-2022-10', dateTo: '2022-10-05' } },
  { name: 'facets over every match: 中国 limit 0', search: { query: '中国', limit: 0 } },
  // Paging
  { name: 'paging: 发展, page 1', search: { query: '发展', limit: 20, offset: 0 } },
  { name: 'paging: 发展, page 3', search: { query: '发展', limit: 20, offset: 40 } },
  // Suggest
  { name: 'suggest: 经', suggest: '经' },
  { name: 'suggest by initials: jj', suggest: 'jj' },
  { name: 'suggest by initials: gzl', suggest: 'gzl' },
]

/** What a reader sees of a search, compared across backends. */
export function searchAnswer (response: SearchResponse, request: SearchRequest): object {
  const { total, relaxed, partial, offset, limit, facets } = response
  return {
    total,
    relaxed,
    partial,
    offset,
    limit,
    facets,
    ids: response.hits.map(hit => hit.id),
    ...(request.snippets === true ? { shown: response.hits.map(({ id, snippets, highlights }) => ({ id, snippets, highlights })) } : {}),
  }
}

/** What a reader sees of suggestions, compared across backends. */
export function suggestAnswer (suggestions: Suggestions): object {
  return { words: suggestions.words, titles: suggestions.titles }
}
