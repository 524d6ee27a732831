import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type StaticFileServer, startStaticFileServer } from '../../scripts/bench/static-file-server.js'
import { type ExportedCorpus, exportCorpus } from '../helpers/static-export.js'
import { launchChromium, OUTPUT, openTab, type Tab } from './browser.js'

/*
 * The page `zhsearch export --static` writes, in headless Chromium, served by a plain static
 * file server (node:http reading files: no zhsearch code on the server side). The default
 * corpus's export; the server engine it was exported from says what the page must list.
 * Build first: npm run build (the export carries dist/static/site/).
 */

let exported: ExportedCorpus
let files: StaticFileServer
let browser: Browser
let tab: Tab
let page: Page

beforeAll(async () => {
  exported = await exportCorpus()
  ;[files, browser] = await Promise.all([startStaticFileServer(exported.siteDir), launchChromium()])
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await files?.close()
  await exported?.cleanup()
})

beforeEach(async () => {
  files.reset()
  tab = await openTab(browser, files.url)
  page = tab.page
})

afterEach(async () => {
  await tab.context.close()
})

const hits = () => page.locator('#results > li.hit')
const KB = 1024

describe('the exported search page', () => {
  it('lists the 7 articles for 工会 as the server does, marked, and says what it fetched', async () => {
    const server = await exported.engine.search('工会')
    await page.goto('/')
    await expect.poll(() => page.locator('#index-info').innerText()).toContain('已索引 7 篇文章')
    const opened = files.bytesSent()
    expect(await page.locator('#q').getAttribute('type')).toBe('search')

    await page.locator('#q').pressSequentially('工会', { delay: 60 })
    await page.locator('#q').press('Enter')

    await expect.poll(() => hits().count()).toBe(7)
    expect(await hits().evaluateAll(elements => elements.map(element => element.getAttribute('data-id')))).toEqual(server.hits.map(hit => hit.id))
    expect(await page.locator('#summary').innerText()).toContain('找到 7 篇文章')
    expect(await hits().first().locator('.hit-snippet mark').first().innerText()).toBe('工会')
    expect(await hits().first().locator('.hit-title').innerText()).toBe(server.hits[0]!.title)
    expect(new URL(page.url()).searchParams.get('q')).toBe('工会')
    await page.waitForLoadState('networkidle')

    // Everything came from the export's folder, and every request was answered.
    expect(files.requests.filter(request => request.status !== 200)).toEqual([])
    expect(files.requests.map(request => request.path).filter(path => !/^\/(?:|index\.html|style\.css|load-page\.js|page\.js\.gz|index\/(?:[a-z]+\/)?[\w-]+\.(?:json|bin)\.gz)$/.test(path))).toEqual([])
    const total = files.bytesSent()
    console.log(`static page: ${(opened / KB).toFixed(1)} KB to open, ${((total - opened) / KB).toFixed(1)} KB more for 工会 typed and searched, ${files.requests.length} files`)
    // The page's script arrives compressed (page.js.gz, 35 KB; 100 KB as it is), and a query of
    // simplified text fetches no OpenCC tables.
    expect(opened).toBeLessThan(80 * KB)
    expect(files.requests.map(request => request.path)).not.toContain('/index/chinese.json.gz')
    expect(total).toBeLessThan(300 * KB)
    await page.screenshot({ path: join(OUTPUT, 'static-page.png') })
    expect(tab.errors).toEqual([])
  })

  it('keeps its state in the URL: a shared link opens on its page of results, and an article', async () => {
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A&limit=3&page=2')
    await expect.poll(() => hits().count()).toBe(3)
    const server = await exported.engine.search({ query: '工会', limit: 3, offset: 3 })
    expect(await hits().evaluateAll(elements => elements.map(element => element.getAttribute('data-id')))).toEqual(server.hits.map(hit => hit.id))
    expect(await page.locator('#pager [aria-current="page"]').innerText()).toBe('2')

    await hits().first().locator('.hit-title a').click()
    await expect.poll(() => page.locator('#article-view').isVisible()).toBe(true)
    expect(new URL(page.url()).searchParams.get('doc')).toBe(server.hits[0]!.id)
    expect(await page.locator('#article-view mark').count()).toBeGreaterThan(0)

    await page.goBack()
    await expect.poll(() => hits().count()).toBe(3)
    expect(new URL(page.url()).searchParams.get('page')).toBe('2')
    expect(tab.errors).toEqual([])
  })

  it('reads traditional characters and pinyin as the server does, and says when nothing matches', async () => {
    for (const query of ['溫暖基金', 'gonghui']) {
      const server = await exported.engine.search(query)
      await page.goto(`/?q=${encodeURIComponent(query)}`)
      await expect.poll(() => hits().count()).toBe(server.hits.length)
      expect(await hits().evaluateAll(elements => elements.map(element => element.getAttribute('data-id')))).toEqual(server.hits.map(hit => hit.id))
    }
    await page.goto(`/?q=${encodeURIComponent('火星探测器')}`)
    await expect.poll(() => page.locator('#message').isVisible()).toBe(true)
    expect(await page.locator('#message').innerText()).toContain('火星探测器')
    expect(tab.errors).toEqual([])
  })

  it('keeps what was typed before its script arrived, and searches it as typed', async () => {
    const server = await exported.engine.search('工会')
    let release = (): void => {}
    const held = new Promise<void>(resolve => { release = resolve })
    await page.route('**/page.js.gz', async route => { await held; await route.continue() })
    await page.goto('/', { waitUntil: 'domcontentloaded' })
    await page.locator('#q').pressSequentially('工会', { delay: 60 })
    release()
    await expect.poll(() => hits().count()).toBe(7)
    expect(await hits().evaluateAll(elements => elements.map(element => element.getAttribute('data-id')))).toEqual(server.hits.map(hit => hit.id))
    expect(await page.locator('#q').inputValue()).toBe('工会')
    expect(new URL(page.url()).searchParams.get('q')).toBe('工会')
    expect(tab.errors).toEqual([])
  })

  it('suggests index words as a word is typed', async () => {
    await page.goto('/')
    await page.locator('#q').pressSequentially('工', { delay: 60 })
    await expect.poll(() => page.locator('#suggestions').isVisible()).toBe(true)
    const words = (await exported.engine.suggest('工')).words
    await expect.poll(() => page.locator('#suggestions [role="option"]').first().innerText()).toContain(words[0]!)
    expect(tab.errors).toEqual([])
  })
})
