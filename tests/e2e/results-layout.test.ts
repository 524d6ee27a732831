import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, openTab, type PageSession, PHONE, ROOT, screenshot, startPageSession, type Tab } from './browser.js'

/*
 * How results and articles are laid out, in real Chromium at desktop and phone width,
 * light and dark (issue 12, "The page"): source, date and byline where a reader looks
 * for them, snippets whole, titles and filter chips without a lone last line, marks in
 * titles in the link's colour. The corpus is the seed newspaper page plus articles with
 * a source, a date and long titles. Screenshots go to test-output/ to be looked at.
 */

/** Titles long enough to leave one character alone on a last line somewhere between phone and desktop width. */
const LONG_TITLES = [
  '首都职工书屋建设推进会在京召开部署明年工作',
  '北京市总工会召开全市工会系统年度工作总结会议暨表彰先进集体和先进个人大会',
  '丰台区总工会为快递小哥送上暖心包',
  '海淀区总工会举办职工技能大赛决赛暨颁奖仪式在中关村科学城隆重举行',
]
const AUTHORS = ['王小明', '李华', '张伟', '陈静怡', '欧阳娜娜', '赵磊']
const SOURCE = '劳动午报 第3版 要闻'

function newsArticles (): string {
  return LONG_TITLES.map((title, i) => JSON.stringify({
    id: `news-${i + 1}`,
    title,
    source: SOURCE,
    date: `2024-12-${String(10 + i).padStart(2, '0')}`,
    author: AUTHORS[i],
    url: `https://www.example.com/news/${i + 1}.html`,
    body: [
      `近日，${title.slice(0, 6)}的消息传来，基层工会干部和职工代表纷纷表示要把会议精神落到实处。`,
      '会上，各级工会负责人交流了一年来服务职工的做法和经验，围绕职工关心的工资、休息和安全问题提出了具体措施。',
      '与会人员表示，将继续发挥工会组织的桥梁纽带作用，用心用情为职工办实事、解难题，让职工群众感受到工会就在身边。',
    ].join('\n'),
  })).concat([JSON.stringify({ id: 'news-5', title: '区总工会开展新春送温暖慰问活动', source: SOURCE, date: '2024-12-30', author: AUTHORS[4], body: '区总工会走访慰问一线职工。' })],
    [JSON.stringify({ id: 'news-6', title: '街道工会组织职工健步走', source: SOURCE, date: '2024-12-31', author: AUTHORS[5], body: '街道工会组织职工健步走活动。' })]).join('\n') + '\n'
}

let session: PageSession

beforeAll(async () => {
  session = await startPageSession('zhsearch-e2e-layout-', async root => {
    const corpusDir = join(root, 'corpus')
    await mkdir(corpusDir)
    await copyFile(join(ROOT, 'corpus', 'laodong-wubao-page.txt'), join(corpusDir, 'laodong-wubao-page.txt'))
    await copyFile(join(ROOT, 'corpus', 'user.dict'), join(corpusDir, 'user.dict'))
    await writeFile(join(corpusDir, 'news.jsonl'), newsArticles())
    return corpusDir
  })
})

afterAll(async () => {
  await session?.stop()
})

const GONGHUI = '/?q=%E5%B7%A5%E4%BC%9A'

async function withTab (options: Parameters<typeof openTab>[2], run: (page: Page, tab: Tab) => Promise<void>): Promise<void> {
  const tab = await openTab(session.browser, session.server.url, options)
  try {
    await run(tab.page, tab)
  } finally {
    await tab.context.close()
  }
}

/** Loads a results page (工会: the seven articles of the seed page and six more) and waits for its hits and fonts. */
async function showResults (page: Page, url = GONGHUI, hits = 13): Promise<void> {
  await page.goto(url)
  await expect.poll(() => page.locator('#results > li.hit').count()).toBe(Math.min(hits, 10))
  // Layout checks need the CJK font in place.
  await page.evaluate(async () => { await document.fonts.ready })
}

/** For each element matching `selector`: how many characters (not counting punctuation) its last line holds, and how many lines it has. */
async function lastLines (page: Page, selector: string): Promise<Array<{ text: string, lines: number, last: number }>> {
  return await page.locator(selector).evaluateAll(elements => elements.map(element => {
    const tops: number[] = []
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      for (let i = 0; i < text.length; i++) {
        if (/\s/.test(text[i]!)) continue
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        // Punctuation goes where the character before it goes: "盒”" alone is one character alone.
        if (/\p{P}/u.test(text[i]!)) continue
        const rect = range.getClientRects()[0]
        if (rect !== undefined) tops.push(Math.round(rect.top))
      }
    }
    const lineTops = [...new Set(tops)].sort((a, b) => a - b)
    // Characters of one line may sit a pixel or two apart (marks, punctuation): group them.
    const lines: number[][] = []
    for (const top of lineTops) {
      const line = lines[lines.length - 1]
      if (line !== undefined && top - line[0]! < 8) line.push(top)
      else lines.push([top])
    }
    const lastLine = lines[lines.length - 1] ?? []
    return { text: element.textContent ?? '', lines: lines.length, last: tops.filter(top => lastLine.includes(top)).length }
  }))
}

/** The chips matching `selector` (the author filter's by default), grouped by the line they sit on. */
async function chipLines (page: Page, selector = '#facets .facet'): Promise<string[][]> {
  return await page.locator(selector).evaluateAll(chips => {
    const lines: Array<{ top: number, chips: string[] }> = []
    for (const chip of chips) {
      const top = chip.getBoundingClientRect().top
      const line = lines.find(candidate => Math.abs(candidate.top - top) < 8)
      if (line !== undefined) line.chips.push(chip.textContent ?? '')
      else lines.push({ top, chips: [chip.textContent ?? ''] })
    }
    return lines.sort((a, b) => a.top - b.top).map(line => line.chips)
  })
}

describe('a hit', () => {
  it('shows source, date and byline under its title, and no corpus file name', async () => {
    await withTab({}, async page => {
      await showResults(page, '/?q=%E4%B9%A6%E5%B1%8B', 1)
      const hit = page.locator('#results > li.hit').first()

      expect(await hit.locator('.hit-title').innerText()).toBe(LONG_TITLES[0])
      expect(await hit.locator('.hit-meta .meta-source').innerText()).toBe(SOURCE)
      expect(await hit.locator('.hit-meta time').innerText()).toBe('2024年12月10日')
      expect(await hit.locator('.hit-meta time').getAttribute('datetime')).toBe('2024-12-10')
      expect(await hit.locator('.hit-meta .meta-byline').innerText()).toBe('王小明')
      expect(await page.locator('#results').innerText()).not.toContain('news.jsonl')
    })
  })

  it('from a newspaper page shows its byline, and no file name either', async () => {
    await withTab({}, async page => {
      await showResults(page)

      const seedHit = page.locator('#results > li.hit', { hasText: '温暖礼盒' })
      expect(await seedHit.locator('.hit-meta').innerText()).toBe('本报讯（记者 刘欣欣）')
      expect(await page.locator('#results').innerText()).not.toContain('laodong-wubao-page.txt')
    })
  })

  it('shows the engine\'s snippets whole, not clipped to a number of lines', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      await withTab({ viewport }, async page => {
        await showResults(page)
        const answer = await (await page.request.get(`/api/search${GONGHUI.slice(1)}&limit=10`)).json() as { hits: Array<{ snippets: string[] }> }

        const shown = await page.locator('.hit-snippet').evaluateAll(elements => elements.map(element => ({
          text: element.textContent ?? '',
          clipped: element.scrollHeight > element.clientHeight + 1 || getComputedStyle(element).webkitLineClamp !== 'none',
        })))

        const plain = (html: string) => html.replace(/<\/?mark>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
        const withSnippets = answer.hits.filter(hit => hit.snippets.length > 0)
        expect(shown.length).toBe(withSnippets.length)
        withSnippets.forEach((hit, i) => {
          expect(shown[i]!.clipped).toBe(false)
          for (const snippet of hit.snippets) expect(shown[i]!.text).toContain(plain(snippet))
        })
      })
    }
  })

  it('keeps the link\'s colour on a matched word in its title, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await withTab({ colorScheme }, async page => {
        await showResults(page)

        const colours = await page.locator('.hit-title mark').evaluateAll(marks => marks.map(mark => [getComputedStyle(mark).color, getComputedStyle(mark.closest('a')!).color]))

        expect(colours.length).toBeGreaterThan(0)
        for (const [mark, link] of colours) expect(mark).toBe(link)
      })
    }
  })
})

describe('long titles', () => {
  it('never leave one character alone on their last line, phone to desktop', async () => {
    await withTab({ viewport: PHONE }, async page => {
      await showResults(page)
      let orphansWithoutBalance = 0
      for (const width of [320, 360, 375, 390, 414, 430, 768, 1024, 1280]) {
        await page.setViewportSize({ width, height: 900 })

        for (const title of await lastLines(page, '.hit-title')) {
          if (title.lines > 1) expect(title.last, `"${title.text}" at ${width} px`).toBeGreaterThan(1)
        }

        // The corpus does exercise the case: with plain wrapping some title would leave one.
        await page.locator('.hit-title').evaluateAll(titles => { for (const title of titles) (title as HTMLElement).style.textWrap = 'wrap' })
        orphansWithoutBalance += (await lastLines(page, '.hit-title')).filter(title => title.lines > 1 && title.last === 1).length
        await page.locator('.hit-title').evaluateAll(titles => { for (const title of titles) (title as HTMLElement).style.textWrap = '' })
      }
      expect(orphansWithoutBalance).toBeGreaterThan(0)
    })
  })

  it('in the article view neither, nor its paragraphs', async () => {
    await withTab({ viewport: PHONE }, async page => {
      for (const id of ['news-1', 'news-2', 'news-3', 'news-4', 'laodong-wubao-page.txt#1']) {
        await page.goto(`/?doc=${encodeURIComponent(id)}&q=%E5%B7%A5%E4%BC%9A`)
        await expect.poll(() => page.locator('#article-view h1').isVisible()).toBe(true)
        for (const width of [320, 360, 375, 390, 414, 430]) {
          await page.setViewportSize({ width, height: 900 })
          for (const block of await lastLines(page, '#article-view h1, #article-view .article-body p')) {
            if (block.lines > 1) expect(block.last, `"${block.text}" at ${width} px`).toBeGreaterThan(1)
          }
        }
      }
    })
  })
})

describe('the author filter chips', () => {
  it('never leave one chip alone on a line of their own, phone to desktop', async () => {
    await withTab({}, async page => {
      await showResults(page)
      expect(await page.locator('#facets .facet').count()).toBe(8)

      for (const width of [320, 360, 390, 414, 480, 600, 768, 900, 1024, 1280, 1600]) {
        await page.setViewportSize({ width, height: 900 })
        const lines = await chipLines(page)
        if (lines.length > 1) expect(lines[lines.length - 1]!.length, `${JSON.stringify(lines)} at ${width} px`).toBeGreaterThan(1)
      }
    })
  })

  it('on the home page do not leave one alone either', async () => {
    await withTab({ viewport: PHONE }, async page => {
      await page.goto('/')
      await page.evaluate(async () => { await document.fonts.ready })

      for (const width of [320, 360, 390, 414, 480, 768, 1280]) {
        await page.setViewportSize({ width, height: 900 })
        const lines = await chipLines(page, '.home-try .chip')
        if (lines.length > 1) expect(lines[lines.length - 1]!.length, `${JSON.stringify(lines)} at ${width} px`).toBeGreaterThan(1)
      }
    })
  })

  it('wrap on a phone instead of scrolling sideways behind a hidden scrollbar', async () => {
    await withTab({ viewport: PHONE }, async page => {
      await showResults(page)

      const facets = await page.locator('#facets').evaluate(element => ({
        overflowX: getComputedStyle(element).overflowX,
        scrolls: element.scrollWidth > element.clientWidth,
      }))

      expect(facets).toEqual({ overflowX: 'visible', scrolls: false })
      for (const chip of await page.locator('#facets .facet').all()) {
        const box = (await chip.boundingBox())!
        expect(box.x).toBeGreaterThanOrEqual(0)
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width)
      }
    })
  })
})

describe('screenshots (test-output/, looked at by eye)', () => {
  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`home, results and an article, ${name}, ${colorScheme}`, async () => {
        await withTab({ viewport, colorScheme }, async (page, tab) => {
          await page.goto('/')
          await expect.poll(() => page.locator('#index-info').innerText()).toContain('已索引')
          await screenshot(page, `home-${name}-${colorScheme}`)

          await showResults(page)
          // A phone's whole page is too tall to look at: its first screen, and the long titles.
          const phone = viewport === PHONE
          await screenshot(page, `results-${name}-${colorScheme}`, { fullPage: !phone })
          const longTitle = page.locator('#results > li.hit', { hasText: LONG_TITLES[1]! })
          if (phone) {
            await longTitle.evaluate(hit => { hit.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80) })
            await screenshot(page, `results-${name}-${colorScheme}-long-titles`)
          }

          await longTitle.locator('.hit-title a').click()
          await expect.poll(() => page.locator('#article-view .article-details').isVisible()).toBe(true)
          expect(await page.locator('#article-view .article-details').innerText()).toContain('news.jsonl')
          await screenshot(page, `article-${name}-${colorScheme}`, { fullPage: true })
          expect(tab.errors).toEqual([])
        })
      })
    }
  }
})
