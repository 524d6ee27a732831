import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/server/create-app.js'
import { listen, type ServerFixture, serverFixture } from '../helpers/server-fixtures.js'
import { launchChromium, openTab, ROOT, type Tab } from './browser.js'

/*
 * XSS in real Chromium (issue 15): articles whose title, kicker, byline, author, source,
 * body, url and id hold script, event-handler and `javascript:` payloads, shown in every
 * view of the built page. Nothing may run (no dialog), load (no request to anywhere but
 * the page's own files and API) or appear (no element the page did not make). Checked
 * twice: with the Content-Security-Policy, and with it turned off, where only the page's
 * own escaping stands between the documents and the browser.
 */

const BUILT_PAGE = join(ROOT, 'dist', 'server', 'page')

/** Every payload tries to open a dialog and to fetch something, so either would show. */
const PAYLOADS = [
  '<script>alert("script");fetch("/pwned-script")</script>',
  '<img src=x onerror="alert(\'img\');fetch(\'/pwned-img\')">',
  '<svg onload="alert(\'svg\')"><circle r=9 /></svg>',
  '<iframe src="javascript:alert(\'iframe\')"></iframe>',
  '<a href="javascript:alert(\'href\')">点这里</a>',
  '</mark><img src=x onerror="alert(\'mark\')"><mark>',
  '&lt;img src=x onerror=alert("entity")&gt;',
  '<style>body{display:none}</style><link rel=stylesheet href="http://evil.invalid/pwned.css">',
  '<img src="http://evil.invalid/pwned.png"><img src="/pwned-same-origin.png">',
  '"><img src=x onerror=alert("attr")>\' onmouseover=\'alert("attr2")',
  '<details open ontoggle="alert(\'toggle\')">',
  '{{constructor.constructor(\'alert("template")\')()}}',
]

const ids = PAYLOADS.map((_, i) => i === 0 ? '"><img src=x onerror=alert("id")>' : `hostile-${i}`)

function hostileCorpus (): string {
  return PAYLOADS.map((payload, i) => JSON.stringify({
    id: ids[i],
    title: `工会${payload}通知`,
    kicker: `引题${payload}`,
    byline: `本报讯（记者 ${payload}）`,
    author: `作者${i}${payload}`,
    source: `来源${payload}`,
    date: '2024-12-20',
    url: i % 2 === 0 ? `javascript:alert('url${i}')` : `data:text/html,<script>alert('url${i}')</script>`,
    body: `工会通知：${payload}。\n第二段也提到工会：${payload}结束。`,
  })).join('\n') + '\n'
}

/** Counts what the browser reported: dialogs, requests elsewhere than the page's own, CSP violations. */
interface Watch {
  tab: Tab
  dialogs: string[]
  strayRequests: string[]
  violations (): Promise<string[]>
}

const OWN_PATH = /^\/(?:[\w-]+\.(?:js|css|svg)|api\/\S*|)$/

async function watch (browser: Browser, url: string): Promise<Watch> {
  const tab = await openTab(browser, url)
  const dialogs: string[] = []
  const strayRequests: string[] = []
  tab.page.on('dialog', dialog => { dialogs.push(dialog.message()); void dialog.dismiss() })
  tab.page.on('request', request => {
    const target = new URL(request.url())
    if (target.origin !== new URL(url).origin || !OWN_PATH.test(target.pathname) || target.pathname.includes('pwned')) strayRequests.push(request.url())
  })
  // Registered before the page's own script runs: a CSP violation means something was
  // injected and only the policy stopped it, which is still a failure of the page.
  await tab.page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
    document.addEventListener('securitypolicyviolation', event => { seen.push(`${event.violatedDirective}: ${event.blockedURI}`) })
  })
  return { tab, dialogs, strayRequests, violations: async () => await tab.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations) }
}

/** Elements and attributes the page never makes itself. */
async function injected (page: Page): Promise<string[]> {
  return await page.evaluate(() => {
    const found: string[] = []
    for (const element of Array.from(document.querySelectorAll('*'))) {
      const tag = element.tagName.toLowerCase()
      const path = `${tag}${element.id !== '' ? `#${element.id}` : ''}`
      if (tag === 'script' && element.getAttribute('src') !== 'app.js') found.push(path)
      if (['img', 'iframe', 'object', 'embed', 'style', 'base', 'details', 'video', 'audio', 'frame'].includes(tag)) found.push(path)
      if (tag === 'svg' && !element.classList.contains('search-icon')) found.push(path)
      if (tag === 'link' && !['stylesheet', 'icon'].includes(element.getAttribute('rel') ?? '')) found.push(path)
      // The page's own files, by the relative URLs index.html gives them (it is served from any folder).
      if (tag === 'link' && !['style.css', 'favicon.svg'].includes(element.getAttribute('href') ?? '')) found.push(`${path}[href]`)
      if (tag === 'form' && element.id !== 'search-form') found.push(path)
      if (tag === 'mark' && element.children.length > 0) found.push('mark with elements inside')
      for (const attribute of Array.from(element.attributes)) {
        if (attribute.name.startsWith('on')) found.push(`${path}[${attribute.name}]`)
      }
      if (element instanceof HTMLAnchorElement && element.hasAttribute('href') && !['http:', 'https:'].includes(element.protocol)) found.push(`a[href=${element.getAttribute('href')}]`)
    }
    return found
  })
}

/** Visits every view of the page with the hostile corpus and checks that nothing got through. */
async function visitEveryView (browser: Browser, url: string): Promise<void> {
  const seen = await watch(browser, url)
  const { page } = seen.tab
  const check = async (where: string): Promise<void> => {
    expect(await injected(page), where).toEqual([])
    expect(seen.dialogs, where).toEqual([])
    expect(seen.strayRequests, where).toEqual([])
    expect(await seen.violations(), where).toEqual([])
  }
  try {
    // Results: titles, kickers, bylines, sources, snippets, author chips.
    await page.goto('/?q=%E5%B7%A5%E4%BC%9A&limit=20')
    await expect.poll(() => page.locator('#results > li.hit').count()).toBe(PAYLOADS.length)
    // The payloads are there, as text.
    expect(await page.locator('#results').innerText()).toContain('<img src=x onerror="alert(\'img\');fetch(\'/pwned-img\')">')
    expect(await page.locator('#results').innerText()).toContain('&lt;img src=x onerror=alert("entity")&gt;')
    await page.locator('#results > li.hit').first().hover()
    await check('results')

    // Suggestions: article titles under the box.
    await page.locator('#q').fill('')
    await page.locator('#q').pressSequentially('工', { delay: 30 })
    await expect.poll(() => page.locator('#suggestions .suggestion-title').count()).toBeGreaterThan(0)
    await check('suggestions')
    await page.keyboard.press('Escape')

    // Each article in full, with its details and original address.
    await page.locator('#results > li.hit .hit-title a').first().click()
    await expect.poll(() => page.locator('#article-view .article-details').isVisible()).toBe(true)
    for (let i = 0; i < PAYLOADS.length; i++) {
      await page.goto(`/?${new URLSearchParams({ doc: ids[i]!, q: '工会' }).toString()}`)
      await expect.poll(() => page.locator('#article-view .article-details').isVisible()).toBe(true)
      expect(await page.locator('#article-view .details-list').innerText()).toMatch(/原文\s+(javascript|data):/)
      await check(`article ${i + 1}`)
    }

    // A hostile query: the no-results message and the document title echo it.
    for (const payload of PAYLOADS) {
      await page.goto(`/?q=${encodeURIComponent(payload.slice(0, 200))}%20zzzz`)
      await expect.poll(() => page.locator('#message').isVisible().then(async visible => visible || await page.locator('#results-view').isVisible())).toBe(true)
      await check(`query ${payload}`)
    }
  } finally {
    await seen.tab.context.close()
  }
}

let fixture: ServerFixture
let browser: Browser
const servers: Array<{ url: string, close (): Promise<void> }> = []

beforeAll(async () => {
  if (!existsSync(join(BUILT_PAGE, 'app.js'))) throw new Error('dist/server/page is not built: run `npm run build` first')
  ;[fixture, browser] = await Promise.all([serverFixture({ corpus: { 'hostile.jsonl': hostileCorpus() } }), launchChromium()])
})

afterAll(async () => {
  await browser?.close()
  for (const server of servers) await server.close()
  await fixture?.cleanup()
})

async function serve (contentSecurityPolicy: boolean): Promise<string> {
  const server = await listen(createApp(fixture.handle, { pageDir: BUILT_PAGE, contentSecurityPolicy }))
  servers.push(server)
  return server.url
}

describe('hostile documents in real Chromium', () => {
  it('run nothing, load nothing and inject nothing with the Content-Security-Policy', { timeout: 120_000 }, async () => {
    const url = await serve(true)
    expect((await fetch(url)).headers.get('content-security-policy')).toContain("script-src 'self'")

    await visitEveryView(browser, url)
  })

  it('run nothing, load nothing and inject nothing without it: the page\'s own escaping holds', { timeout: 120_000 }, async () => {
    const url = await serve(false)
    expect((await fetch(url)).headers.get('content-security-policy')).toBeNull()

    await visitEveryView(browser, url)
  })

  it('would be caught: the same payload parsed as HTML opens a dialog and adds elements (a check of the checks)', async () => {
    const url = await serve(false)
    const seen = await watch(browser, url)
    try {
      await seen.tab.page.goto('/')
      await seen.tab.page.evaluate(payloads => { document.body.insertAdjacentHTML('beforeend', payloads.join('')) }, PAYLOADS)

      await expect.poll(() => seen.dialogs.length).toBeGreaterThan(0)
      expect(await injected(seen.tab.page)).not.toEqual([])
      await expect.poll(() => seen.strayRequests.length).toBeGreaterThan(0)
    } finally {
      await seen.tab.context.close()
    }
  })
})
