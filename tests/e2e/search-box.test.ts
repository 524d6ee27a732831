import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { focused, openTab, type PageSession, screenshot, startPageSession, type Tab } from './browser.js'

/*
 * The search box and the page's history in real Chromium, against the built server on
 * the default corpus (issue 12, "The page"): Escape, the skip link, when results start
 * as you type, and which searches become history entries.
 */

let session: PageSession
let tab: Tab
let page: Page
/** The queries of the searches the page asked the API for, in order. */
let searched: string[]

beforeAll(async () => {
  session = await startPageSession('zhsearch-e2e-box-')
})

afterAll(async () => {
  await session?.stop()
})

beforeEach(async () => {
  tab = await openTab(session.browser, session.server.url)
  page = tab.page
  searched = []
  page.on('request', request => {
    const url = new URL(request.url())
    if (url.pathname === '/api/search') searched.push(url.searchParams.get('q') ?? '')
  })
})

afterEach(async () => {
  await tab.context.close()
})

const hits = () => page.locator('#results > li.hit')
const query = () => new URL(page.url()).searchParams.get('q')
const historyLength = async () => await page.evaluate(() => history.length)
const typedEntry = async () => await page.evaluate(() => (history.state as { typed?: boolean } | null)?.typed === true)
/**
 * Gives the page time to do what it would do after a keystroke (the search waits
 * 220 ms for a pause in typing), before checking that it did nothing.
 */
const idle = async () => await page.waitForTimeout(600)

describe('Escape', () => {
  it('closes the suggestions and nothing else: the query, the results and Back stay', async () => {
    await page.goto('/')
    await page.locator('#q').pressSequentially('工会', { delay: 40 })
    await page.locator('#q').press('Enter')
    await expect.poll(() => hits().count()).toBe(7)
    const entries = await historyLength()
    // Back in the box, the suggestions for what it holds open again.
    await page.locator('#q').blur()
    await page.locator('#q').focus()
    await expect.poll(() => page.locator('#suggestions').isVisible()).toBe(true)

    await page.keyboard.press('Escape')

    await expect.poll(() => page.locator('#suggestions').isHidden()).toBe(true)
    expect(await page.locator('#q').inputValue()).toBe('工会')

    // A second Escape, with nothing left to close, leaves everything as it is.
    await page.keyboard.press('Escape')
    await idle()
    expect(await page.locator('#q').inputValue()).toBe('工会')
    expect(await focused(page)).toBe('#q')
    expect(query()).toBe('工会')
    expect(await hits().count()).toBe(7)
    expect(await historyLength()).toBe(entries)

    await page.goBack()
    await expect.poll(() => page.locator('#home-view').isVisible()).toBe(true)
    await page.goForward()
    await expect.poll(() => hits().count()).toBe(7)
    expect(await page.locator('#q').inputValue()).toBe('工会')
    expect(tab.errors).toEqual([])
  })
})

describe('the skip link 跳到主要内容', () => {
  it('moves focus to the results, without leaving the page or adding an entry', async () => {
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A')
    await expect.poll(() => hits().count()).toBe(7)
    const entries = await historyLength()

    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('#skip-link')
    await screenshot(page, 'skip-link-focused')
    await page.keyboard.press('Enter')

    expect(await focused(page)).toBe('#results')
    expect(page.url()).toBe(new URL('/?q=%E5%B7%A5%E4%BC%9A', session.server.url).href)
    expect(await historyLength()).toBe(entries)
    expect(await hits().count()).toBe(7)
    // The next Tab reaches the first result.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.closest('.hit') === document.querySelector('#results > li.hit'))).toBe(true)
  })

  it('moves focus to the article\'s title in the article view', async () => {
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A')
    await hits().first().locator('.hit-title a').click()
    await expect.poll(() => page.locator('#article-view h1').isVisible()).toBe(true)
    await page.locator('#q').focus()

    await page.locator('#skip-link').focus()
    await page.keyboard.press('Enter')

    expect(await page.evaluate(() => document.activeElement === document.querySelector('#article-view h1'))).toBe(true)
    expect(new URL(page.url()).hash).toBe('')
  })
})

describe('results as you type', () => {
  it('start at two characters', async () => {
    await page.goto('/')

    await page.locator('#q').pressSequentially('工')
    await idle()
    expect(searched).toEqual([])
    expect(await page.locator('#home-view').isVisible()).toBe(true)

    await page.locator('#q').pressSequentially('会')
    await expect.poll(() => hits().count()).toBe(7)
    expect(query()).toBe('工会')
  })

  it('leave the results on screen when the box is emptied, and the × button only clears the box', async () => {
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A')
    await expect.poll(() => hits().count()).toBe(7)

    await page.locator('#q').press('End')
    await page.locator('#q').press('Backspace')
    await page.locator('#q').press('Backspace')
    await idle()
    expect(await page.locator('#q').inputValue()).toBe('')
    expect(query()).toBe('工会')
    expect(await hits().count()).toBe(7)

    await page.locator('#q').fill('饺子')
    await expect.poll(() => query()).toBe('饺子')
    await page.locator('#clear').click()
    await idle()
    expect(await page.locator('#q').inputValue()).toBe('')
    expect(await focused(page)).toBe('#q')
    expect(query()).toBe('饺子')
    expect(await hits().count()).toBeGreaterThan(0)
  })

  it('search one character when Enter is pressed', async () => {
    await page.goto('/')

    await page.locator('#q').pressSequentially('工')
    await page.locator('#q').press('Enter')

    await expect.poll(() => query()).toBe('工')
    await expect.poll(() => hits().count()).toBeGreaterThan(0)
  })

  it('search what an IME commits, one character included, and nothing while it composes', async () => {
    await page.goto('/')
    await page.locator('#q').focus()
    const ime = await page.context().newCDPSession(page)

    await ime.send('Input.imeSetComposition', { text: 'gong', selectionStart: 4, selectionEnd: 4 })
    await idle()
    expect(searched).toEqual([])
    await ime.send('Input.insertText', { text: '工' })

    await expect.poll(() => query()).toBe('工')
    await expect.poll(() => hits().count()).toBeGreaterThan(0)
    expect(searched).toEqual(['工'])
  })
})

describe('history while typing', () => {
  it('keeps one entry for a query typed and refined, so Back skips the half-typed ones', async () => {
    await page.goto('/')
    const home = await historyLength()

    // Pauses longer than the search delay: each prefix is searched and shown.
    await page.locator('#q').pressSequentially('工会饺子', { delay: 400 })
    await expect.poll(() => query()).toBe('工会饺子')

    expect(new Set(searched).size).toBeGreaterThan(1)
    expect(await historyLength()).toBe(home + 1)
    expect(await typedEntry()).toBe(true)

    // Enter settles the query in the same entry.
    await page.locator('#q').press('Enter')
    await expect.poll(() => typedEntry()).toBe(false)
    expect(await historyLength()).toBe(home + 1)

    // A new query typed over a settled one gets its own entry.
    await page.locator('#q').fill('温暖')
    await expect.poll(() => query()).toBe('温暖')
    expect(await historyLength()).toBe(home + 2)

    await page.goBack()
    await expect.poll(() => query()).toBe('工会饺子')
    expect(await page.locator('#q').inputValue()).toBe('工会饺子')
    await page.goBack()
    await expect.poll(() => page.locator('#home-view').isVisible()).toBe(true)
  })

  it('settles a typed query after a pause, so more typing adds an entry', async () => {
    await page.goto('/')
    const home = await historyLength()
    await page.locator('#q').pressSequentially('工会', { delay: 40 })
    await expect.poll(() => query()).toBe('工会')
    expect(await typedEntry()).toBe(true)

    await expect.poll(() => typedEntry(), { timeout: 10_000 }).toBe(false)
    await page.locator('#q').pressSequentially(' 温暖', { delay: 40 })

    await expect.poll(() => query()).toBe('工会 温暖')
    expect(await historyLength()).toBe(home + 2)
    await page.goBack()
    await expect.poll(() => query()).toBe('工会')
  })

  it('settles a typed query when the box is left, so Back from an article returns to it', async () => {
    await page.goto('/')
    const home = await historyLength()
    await page.locator('#q').pressSequentially('饺子', { delay: 40 })
    await expect.poll(() => hits().count()).toBeGreaterThan(0)

    await hits().first().locator('.hit-title a').click()
    await expect.poll(() => page.locator('#article-view h1').isVisible()).toBe(true)
    expect(await historyLength()).toBe(home + 2)

    await page.goBack()
    await expect.poll(() => query()).toBe('饺子')
    expect(await typedEntry()).toBe(false)
    await page.locator('#q').fill('工会')
    await expect.poll(() => query()).toBe('工会')
    expect(await historyLength()).toBe(home + 2)
    await page.goBack()
    await expect.poll(() => query()).toBe('饺子')
  })
})

describe('pinyin in the box (issue 13)', () => {
  it('suggests the words pinyin spells, and finds their articles, marked', async () => {
    await page.goto('/')
    await page.locator('#q').pressSequentially('gongh', { delay: 40 })
    await expect.poll(() => page.locator('#suggestions').innerText()).toContain('工会')
    await page.locator('#q').fill('gonghui')
    await page.locator('#q').press('Enter')
    await expect.poll(() => hits().count()).toBe(7)
    expect(await hits().first().locator('mark').first().innerText()).toBe('工会')
    expect(tab.errors).toEqual([])
  })
})
