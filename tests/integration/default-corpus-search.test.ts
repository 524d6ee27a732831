import { describe, expect, it } from 'vitest'
import { defaultEngine, titlesFor } from '../helpers/default-engine.js'
import { SEED_PAGE_TITLES } from '../helpers/seed-page.js'

const ALL_SEVEN = [...SEED_PAGE_TITLES]

describe('search on the default corpus (the seed newspaper page)', () => {
  it('finds all seven articles for 工会, also where Jieba cut it inside 总工会', async () => {
    expect((await titlesFor('工会')).sort()).toEqual([...ALL_SEVEN].sort())
  })

  it('puts the 冬至饺子 article first for 饺子 and marks 饺子 in its snippet', async () => {
    const { hits } = await (await defaultEngine()).search('饺子')
    expect(hits[0]!.title).toBe('和平街街道新就业形态劳动者吃上冬至饺子')
    expect(hits[0]!.snippets.join('')).toContain('<mark>饺子</mark>')
  })

  it('finds the 时传祥 fund article first for traditional 溫暖基金 and marks the original characters', async () => {
    const { hits } = await (await defaultEngine()).search('溫暖基金')
    expect(hits[0]!.title).toBe('“时传祥环卫工人专项温暖基金”累计帮扶千余名环卫职工')
    expect(hits[0]!.snippets.join('')).toContain('<mark>温暖基金</mark>')
  })

  it('finds phrases broken at column breaks once paragraphs are repaired', async () => {
    expect(await titlesFor('不负时代')).toEqual(['北京市总工会机关系统青年干部座谈会召开'])
    expect(await titlesFor('"形式召开"')).toEqual(['北京市总工会机关系统青年干部座谈会召开'])
    expect(await titlesFor('"温暖礼盒"')).toEqual(['朝外街道总工会将为职工送去万份“温暖礼盒”'])
  })

  it('finds exactly the two articles by reporter 刘欣欣, marking her name in the byline', async () => {
    const { hits, total } = await (await defaultEngine()).search('刘欣欣')
    expect(total).toBe(2)
    expect(hits.map(hit => hit.title).sort()).toEqual([
      '朝外街道总工会将为职工送去万份“温暖礼盒”',
      '和平街街道新就业形态劳动者吃上冬至饺子',
    ].sort())
    for (const hit of hits) {
      expect(hit.reporters).toEqual(['刘欣欣'])
      expect(hit.highlights.byline).toBe('本报讯（记者 <mark>刘欣欣</mark>）')
    }
  })

  it('leaves out excluded terms: 工会 -饺子 gives six', async () => {
    const titles = await titlesFor('工会 -饺子')
    expect(titles).toHaveLength(6)
    expect(titles).not.toContain('和平街街道新就业形态劳动者吃上冬至饺子')
  })

  it('matches an exact phrase only where it is written: "冬季送温暖" gives one', async () => {
    const { hits, total } = await (await defaultEngine()).search('"冬季送温暖"')
    expect(total).toBe(1)
    expect(hits[0]!.title).toBe('朝外街道总工会将为职工送去万份“温暖礼盒”')
    expect(hits[0]!.snippets.join('')).toContain('“<mark>冬季送温暖</mark>”')
  })

  it('keeps numbers and Latin words searchable: 1184.19, 2023年, LONG街, full-width digits', async () => {
    expect(await titlesFor('1184.19')).toEqual(['“时传祥环卫工人专项温暖基金”累计帮扶千余名环卫职工'])
    expect(await titlesFor('１１８４.１９')).toEqual(['“时传祥环卫工人专项温暖基金”累计帮扶千余名环卫职工'])
    expect(await titlesFor('long街')).toEqual(['首开天岳恒公司工会举办工会干部培训班'])
    expect((await titlesFor('2023年')).sort()).toEqual([
      '“时传祥环卫工人专项温暖基金”累计帮扶千余名环卫职工',
      '首开天岳恒公司工会举办工会干部培训班',
      '房山区窦店镇总工会关爱职工从“心”开始',
    ].sort())
    const { hits } = await (await defaultEngine()).search('LONG街')
    expect(hits[0]!.snippets.join('')).toContain('首开<mark>LONG街</mark>项目')
  })

  it('limits a term to a field with title:', async () => {
    expect((await titlesFor('title:工会')).sort()).toEqual(ALL_SEVEN.filter(title => title.includes('工会')).sort())
    expect(await titlesFor('标题:饺子')).toEqual(['和平街街道新就业形态劳动者吃上冬至饺子'])
    expect(await titlesFor('title:刘欣欣')).toEqual([])
  })

  it('finds single characters', async () => {
    expect(await titlesFor('饺')).toEqual(['和平街街道新就业形态劳动者吃上冬至饺子'])
    expect((await titlesFor('棋')).length).toBe(1)
  })

  it('ranks a title match above a passing mention in the body', async () => {
    const titles = await titlesFor('培训班')
    expect(titles[0]).toBe('首开天岳恒公司工会举办工会干部培训班')
    expect(titles).toContain('北京市总工会机关系统青年干部座谈会召开')
  })

  it('returns no hits and no error for empty and punctuation-only queries', async () => {
    const engine = await defaultEngine()
    for (const query of ['', '   ', '，。！', '""', '-', '"', '-工会']) {
      const response = await engine.search(query)
      expect(response.total, `query ${JSON.stringify(query)}`).toBe(0)
      expect(response.hits).toEqual([])
    }
  })

  it('pages through results with limit and offset and reports the total', async () => {
    const engine = await defaultEngine()
    const all = (await engine.search({ query: '工会', limit: 7 })).hits.map(hit => hit.id)
    const first = await engine.search({ query: '工会', limit: 3, offset: 0 })
    const second = await engine.search({ query: '工会', limit: 3, offset: 3 })
    const third = await engine.search({ query: '工会', limit: 3, offset: 6 })
    expect(first.total).toBe(7)
    expect([...first.hits, ...second.hits, ...third.hits].map(hit => hit.id)).toEqual(all)
    expect(third.hits).toHaveLength(1)
    expect((await engine.search({ query: '工会', offset: 50 })).hits).toEqual([])
  })

  it('returns hits with id, title, score, byline, origin and at most three snippets of about 100 characters', async () => {
    const { hits } = await (await defaultEngine()).search('工会')
    for (const hit of hits) {
      expect(hit.id).toMatch(/^laodong-wubao-page\.txt#[1-7]$/)
      expect(hit.score).toBeGreaterThan(0)
      expect(hit.byline).toMatch(/^本报讯（/)
      expect(hit.origin?.file).toBe('laodong-wubao-page.txt')
      expect(hit.snippets.length).toBeGreaterThanOrEqual(1)
      expect(hit.snippets.length).toBeLessThanOrEqual(3)
      for (const snippet of hit.snippets) {
        const text = snippet.replace(/<\/?mark>/g, '')
        expect(text.length).toBeLessThanOrEqual(130)
        expect(snippet).toContain('<mark>')
      }
    }
    const scores = hits.map(hit => hit.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
  })

  it('counts authors over all matches as facets and filters by author', async () => {
    const engine = await defaultEngine()
    const response = await engine.search('工会')
    expect(response.facets.authors).toContainEqual({ value: '刘欣欣', count: 2 })
    const filtered = await engine.search({ query: '工会', author: '刘欣欣' })
    expect(filtered.total).toBe(2)
  })

  it('refuses a query longer than 256 characters with QUERY_TOO_LONG', async () => {
    const engine = await defaultEngine()
    await expect(engine.search('工'.repeat(257))).rejects.toMatchObject({ code: 'QUERY_TOO_LONG' })
    await expect(engine.search({ query: '工会', limit: -1 })).rejects.toMatchObject({ code: 'INVALID_PAGING' })
  })
})
