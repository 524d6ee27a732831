import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createError } from '../../errors.js'

/**
 * The files of the search page an export carries, built by `npm run build`
 * (scripts/build-static.mjs) into dist/static/site/: the page and its bundle, and the
 * module that searches the index (zhsearch-static.js, also for other sites to import).
 */
export const SITE_FILES = ['index.html', 'style.css', 'favicon.svg', 'app.js', 'zhsearch-static.js'] as const

/** dist/static/site/ of this package: three levels up from src/static/export/ and from dist/static/export/. */
const SITE_FOLDER = fileURLToPath(new URL('../../../dist/static/site/', import.meta.url))

export async function siteFiles (): Promise<Array<{ name: string, bytes: Uint8Array }>> {
  return await Promise.all(SITE_FILES.map(async name => {
    try {
      return { name, bytes: await readFile(`${SITE_FOLDER}${name}`) }
    } catch (error) {
      throw createError('STATIC_PAGE_MISSING', SITE_FOLDER, `${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  }))
}
