import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { type ServerProcess, startBuiltServer } from '../helpers/server-process.js'

/*
 * What the browser tests share: Debian's Chromium, a fresh context per test, the page's
 * errors collected, and screenshots in test-output/ (git-ignored) to look at by eye.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const OUTPUT = join(ROOT, 'test-output')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync']

/** A desktop window and a phone (the width of an iPhone 12-15). */
export const DESKTOP = { width: 1280, height: 1000 }
export const PHONE = { width: 390, height: 844 }

export async function launchChromium (): Promise<Browser> {
  await mkdir(OUTPUT, { recursive: true })
  return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

/** The built server over a corpus and Chromium, started together for a test file. */
export interface PageSession {
  server: ServerProcess
  browser: Browser
  /** A temporary folder holding the index (and whatever the test writes there). */
  root: string
  /** Closes the browser, kills the server and removes `root`. */
  stop (): Promise<void>
}

/**
 * Starts the built server (`npm run build` first) over `corpusDir` (default: the
 * repository's corpus, or what `prepare` writes into the temporary folder it is given)
 * and Chromium, side by side.
 */
export async function startPageSession (prefix: string, prepare?: (root: string) => Promise<string>): Promise<PageSession> {
  const root = await mkdtemp(join(tmpdir(), prefix))
  const corpusDir = prepare === undefined ? join(ROOT, 'corpus') : await prepare(root)
  const [server, browser] = await Promise.all([startBuiltServer({ corpusDir, indexDir: join(root, 'index') }), launchChromium()])
  return {
    server,
    browser,
    root,
    stop: async () => {
      await browser.close()
      await server.stop('SIGKILL')
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** One test's tab: its context (to close), the page, and its console errors and uncaught exceptions. */
export interface Tab {
  context: BrowserContext
  page: Page
  errors: string[]
}

export async function openTab (browser: Browser, baseURL: string, options: { viewport?: { width: number, height: number }, colorScheme?: 'light' | 'dark' } = {}): Promise<Tab> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
    locale: 'zh-CN',
    ...(options.viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', message => { if (message.type() === 'error') errors.push(message.text()) })
  page.on('pageerror', error => { errors.push(error.message) })
  return { context, page, errors }
}

/** Saves what the page shows now as test-output/<name>.png. */
export async function screenshot (page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: options.fullPage ?? false })
}

/** The id of the focused element, or its tag and class when it has none. */
export async function focused (page: Page): Promise<string> {
  return await page.evaluate(() => {
    const element = document.activeElement
    if (element === null) return ''
    return element.id !== '' ? `#${element.id}` : `${element.tagName.toLowerCase()}.${element.className}`
  })
}
