/**
 * The exported page in Chromium, as a reader meets it: a fresh tab (empty cache) opens the
 * page from a plain static file server on loopback and settles, a query is put in the
 * search box and Enter pressed. Measured: the bytes and files fetched for opening the page and for the
 * query, and the milliseconds from the Enter keydown to the hits on screen (in the page's
 * own clock).
 */
import { type Browser, chromium } from 'playwright-core'
import { startStaticFileServer } from './static-file-server.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync']

// What runs in the page, as text (the scripts are type-checked without the DOM).
/** The page is open: the footer shows the index's size, read from its manifest. */
const OPENED = "(document.getElementById('index-info')?.textContent ?? '') !== ''"
/**
 * Notes when Enter goes down in the search box, and when hits (or a message) are first on
 * screen, and resolves window.answerShown then: waited for as a promise, not polled every
 * frame (Playwright's default), which would make the page render a frame every 16 ms while
 * it searches.
 */
const START_CLOCK = `(() => {
  const clock = window.answerClock = {}
  window.answerShown = new Promise(resolve => { clock.resolve = resolve })
  document.getElementById('q').addEventListener('keydown', event => { if (event.key === 'Enter') clock.enter = performance.now() }, { capture: true })
  new MutationObserver(() => {
    if (clock.enter === undefined || clock.shown !== undefined) return
    if (document.querySelector('#results > li.hit') !== null || document.getElementById('message').hidden === false) {
      clock.shown = performance.now()
      clock.resolve()
    }
  }).observe(document.getElementById('main'), { subtree: true, childList: true, attributes: true })
})()`
const HIT_IDS = "[...document.querySelectorAll('#results > li.hit')].map(hit => hit.getAttribute('data-id'))"

/** One query in a fresh tab. */
export interface PageRun {
  query: string
  /** Bytes and files of opening the page (HTML, CSS, scripts, the manifest). */
  openBytes: number
  openFiles: number
  /** Bytes and files the query fetched after Enter. */
  queryBytes: number
  queryFiles: number
  /** From the Enter keydown to the hits (or the no-results message) on screen. */
  answerMs: number
  /** Hits on the page, and their data-id attributes. */
  ids: string[]
}

/** Opens the export in `siteDir` once per query, each in a new browser context. */
export async function measurePage (siteDir: string, queries: readonly string[]): Promise<PageRun[]> {
  const server = await startStaticFileServer(siteDir)
  let browser: Browser | undefined
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    const runs: PageRun[] = []
    for (const query of queries) {
      const context = await browser.newContext({ locale: 'zh-CN' })
      try {
        const page = await context.newPage()
        server.reset()
        await page.goto(server.url)
        // Opened: the footer shows the index's size, read from its manifest; and settled (no
        // request for half a second), as it is by the time a reader has typed a query.
        await page.waitForFunction(OPENED)
        await page.waitForLoadState('networkidle')
        const openBytes = server.bytesSent()
        const openFiles = server.requests.length
        server.reset()
        await page.evaluate(START_CLOCK)
        // The text is put in the box without input events: only Enter searches (no results
        // as you type, no suggestions), so the bytes are those of one query.
        await page.evaluate(`document.getElementById('q').value = ${JSON.stringify(query)}`)
        await page.locator('#q').press('Enter')
        await page.evaluate("Promise.race([window.answerShown, new Promise((_, reject) => setTimeout(() => reject(new Error('no answer on the page in 60 s')), 60000))])")
        // Let the files the answer asked for finish arriving before they are counted.
        await page.waitForLoadState('networkidle')
        const clock = await page.evaluate('({ enter: window.answerClock.enter, shown: window.answerClock.shown })') as { enter: number, shown: number }
        const ids = await page.evaluate(HIT_IDS) as string[]
        runs.push({ query, openBytes, openFiles, queryBytes: server.bytesSent(), queryFiles: server.requests.length, answerMs: clock.shown - clock.enter, ids })
      } finally {
        await context.close()
      }
    }
    return runs
  } finally {
    await browser?.close()
    await server.close()
  }
}
