/**
 * Draws src/server/page/favicon.svg as favicon.png (32 × 32, transparent corners) with
 * Chromium: the static page's icon (scripts/build-static.mjs). An SVG icon there is built
 * as an isolated SVG document again after each same-document navigation, that is after
 * every search: 3.5-7.9 ms of the page's main thread just after Enter in Chromium traces; a
 * PNG is decoded in well under a millisecond. Run after changing favicon.svg:
 *
 *   npx tsx scripts/write-favicon-png.ts
 */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const SIZE = 32
const page = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'server', 'page')
const svg = await readFile(join(page, 'favicon.svg'), 'utf8')
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
try {
  const tab = await browser.newPage({ viewport: { width: SIZE, height: SIZE } })
  await tab.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${SIZE}px;height:${SIZE}px}</style>${svg}`)
  await writeFile(join(page, 'favicon.png'), await tab.locator('svg').screenshot({ omitBackground: true }))
} finally {
  await browser.close()
}
