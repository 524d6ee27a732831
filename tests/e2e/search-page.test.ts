import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startBuiltServer } from '../helpers/server-process.js'
import { OUTPUT, openTab, type PageSession, ROOT, startPageSession, type Tab } from './browser.js'

/*
 * The search page in real headless Chromium against the built server (dist/), started
 * the way `npm start` starts it. Build first: npm run build.
 */

let session: PageSession
let tab: Tab
let page: Page
/** Console errors and uncaught exceptions of the page (a CSP violation shows up here). */
let pageErrors: string[]

beforeAll(async () => {
  session = await startPageSession('zhsearch-e2e-')
})

afterAll(async () => {
  await session?.stop()
})

beforeEach(async () => {
  tab = await openTab(session.browser, session.server.url)
  page = tab.page
  pageErrors = tab.errors
})

afterEach(async () => {
  await tab.context.close()
})

const hits = () => page.locator('#results > li.hit')

describe('the search page', () => {
  it('shows seven ranked results with marked snippets as 工会 is typed', async () => {
    await page.goto('/')
    await expect.poll(() => page.locator('#home-view').isVisible()).toBe(true)

    await page.locator('#q').pressSequentially('工会', { delay: 60 })

    await expect.poll(() => hits().count()).toBe(7)
    expect(new URL(page.url()).searchParams.get('q')).toBe('工会')
    const summary = await page.locator('#summary').innerText()
    expect(summary).toContain('找到 7 篇文章')
    expect(summary).toMatch(/用时 [\d.]+ (毫秒|秒)/)
    for (const hit of await hits().all()) {
      await expect.poll(() => hit.locator('.hit-title a').innerText()).not.toBe('')
      expect(await hit.locator('mark').count()).toBeGreaterThan(0)
    }
    expect(await hits().first().locator('.hit-snippet mark').first().innerText()).toBe('工会')
    expect(await page.title()).toContain('工会')

    // Enter settles the query: suggestions close, the page is what a person would see.
    await page.locator('#q').press('Enter')
    await expect.poll(() => page.locator('#suggestions').isHidden()).toBe(true)
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(OUTPUT, 'search-page.png') })
    expect(pageErrors).toEqual([])
  })

  it('pages through results and back', async () => {
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A&limit=3')
    await expect.poll(() => hits().count()).toBe(3)
    const firstPage = await hits().locator('.hit-title').allInnerTexts()
    expect(await page.locator('#pager [aria-current="page"]').innerText()).toBe('1')

    await page.locator('#pager a[rel="next"]').click()
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2')
    await expect.poll(() => hits().locator('.hit-title').allInnerTexts()).not.toEqual(firstPage)
    expect(await hits().count()).toBe(3)
    expect(await page.locator('#summary').innerText()).toContain('第 4–6 篇')

    await page.locator('#pager a', { hasText: '3' }).click()
    await expect.poll(() => hits().count()).toBe(1)

    await page.goBack()
    await page.goBack()
    await expect.poll(() => hits().locator('.hit-title').allInnerTexts()).toEqual(firstPage)
  })

  it('opens an article with the query marked, and goes back to the results', async () => {
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A')
    await expect.poll(() => hits().count()).toBe(7)
    const title = await hits().first().locator('.hit-title').innerText()

    await hits().first().locator('.hit-title a').click()

    await expect.poll(() => page.locator('#article-view h1').innerText()).toBe(title)
    expect(new URL(page.url()).searchParams.get('doc')).toBeTruthy()
    expect(await page.locator('#article-view .article-body p').count()).toBeGreaterThan(1)
    expect(await page.locator('#article-view .article-body mark').first().innerText()).toBe('工会')
    expect(await page.title()).toContain(title)
    await page.screenshot({ path: join(OUTPUT, 'search-page-article.png') })

    await page.goBack()
    await expect.poll(() => hits().count()).toBe(7)
    expect(await page.locator('#article-view').isHidden()).toBe(true)
    expect(await page.locator('#q').inputValue()).toBe('工会')

    // The article's own back link does the same.
    await page.goForward()
    await expect.poll(() => page.locator('#article-view h1').isVisible()).toBe(true)
    await page.locator('.back-link').click()
    await expect.poll(() => hits().count()).toBe(7)
  })

  it('shows the 冬至饺子 article first when /?q=饺子 is loaded directly', async () => {
    await page.goto('/?q=%E9%A5%BA%E5%AD%90')

    await expect.poll(() => hits().count()).toBeGreaterThan(0)
    expect(await hits().first().locator('.hit-title').innerText()).toContain('冬至饺子')
    expect(await hits().first().locator('mark').first().innerText()).toBe('饺子')
    expect(await page.locator('#q').inputValue()).toBe('饺子')
  })

  it('shows a no-results state', async () => {
    await page.goto('/?q=%E7%81%AB%E6%98%9F%E6%8E%A2%E6%B5%8B')

    await expect.poll(() => page.locator('#message').isVisible()).toBe(true)
    expect(await page.locator('#message').innerText()).toContain('没有找到与“火星探测”相关的文章')
    expect(await hits().count()).toBe(0)
    expect(await page.locator('#results-view').isHidden()).toBe(true)
  })

  it('says so when the results contain only some of the words', async () => {
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A%E7%81%AB%E6%98%9F')

    await expect.poll(() => hits().count()).toBeGreaterThan(0)
    expect(await page.locator('#summary .summary-note').innerText()).toContain('只包含其中一部分')
  })

  it('shows an error state when the API fails, and recovers on retry', async () => {
    await page.route('**/api/search**', route => route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'something went wrong' } }),
    }))

    await page.goto('/?q=%E5%B7%A5%E4%BC%9A')

    const message = page.locator('#message')
    await expect.poll(() => message.isVisible()).toBe(true)
    expect(await message.getAttribute('role')).toBe('alert')
    expect(await message.innerText()).toContain('搜索服务出错了')
    await page.screenshot({ path: join(OUTPUT, 'search-page-error.png') })

    await page.unroute('**/api/search**')
    await message.getByRole('button', { name: '重试' }).click()
    await expect.poll(() => hits().count()).toBe(7)
  })

  it('shows an error state when the server cannot be reached', async () => {
    await page.goto('/')
    await page.route('**/api/search**', route => route.abort('connectionrefused'))

    await page.locator('#q').fill('工会')

    await expect.poll(() => page.locator('#message').innerText()).toContain('无法连接到搜索服务')
  })

  it('suggests completions under the box and searches the one chosen with the keyboard', async () => {
    await page.goto('/')
    await page.locator('#q').pressSequentially('工', { delay: 30 })

    const options = page.locator('#suggestions [role="option"]')
    await expect.poll(() => options.count()).toBeGreaterThan(0)
    expect(await page.locator('#q').getAttribute('aria-expanded')).toBe('true')
    expect(await page.locator('#suggestions .suggestion-word .suggestion-text').allInnerTexts()).toContain('工会')

    await page.keyboard.press('ArrowDown')
    const chosen = await page.locator('#suggestions [aria-selected="true"] .suggestion-text').innerText()
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe('suggestion-0')
    await page.keyboard.press('Enter')

    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(chosen)
    expect(await page.locator('#q').inputValue()).toBe(chosen)
    await expect.poll(() => page.locator('#suggestions').isHidden()).toBe(true)
  })

  it('is usable from the keyboard: / focuses the box, Enter searches, Escape closes suggestions', async () => {
    await page.goto('/?q=%E9%A5%BA%E5%AD%90')
    await expect.poll(() => hits().count()).toBeGreaterThan(0)
    await page.locator('body').click({ position: { x: 5, y: 5 } })

    await page.keyboard.press('/')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q')

    await page.keyboard.type('温暖')
    await expect.poll(() => page.locator('#suggestions').isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('#suggestions').isHidden()).toBe(true)
    expect(await page.locator('#q').inputValue()).toBe('温暖')
    await page.keyboard.press('Enter')
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('温暖')
    await expect.poll(() => page.locator('#summary').innerText()).toContain('找到')
  })

  it('fits a phone-width screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 })
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A')
    await expect.poll(() => hits().count()).toBe(7)

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: join(OUTPUT, 'search-page-phone.png') })
    expect(pageErrors).toEqual([])
  })
})

describe('the built server', () => {
  it('shuts down cleanly on SIGTERM', async () => {
    const other = await startBuiltServer({ corpusDir: join(ROOT, 'corpus'), indexDir: join(session.root, 'index') })

    const code = await other.stop('SIGTERM')

    expect(code, other.output()).toBe(0)
  })
})
