import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createError } from '../../errors.js'

/**
 * The files of the search page an export carries, built by `npm run build`
 * (scripts/build-static.mjs) into dist/static/site/: the page, its script (load-page.js,
 * which runs the page's bundle page.js.gz, or page.js where it cannot), and the module that
 * searches the index (zhsearch-static.js, for other sites to import).
 */
export const SITE_FILES = ['index.html', 'style.css', 'load-page.js', 'page.js', 'zhsearch-static.js'] as const

/** Written a second time as `<name>.gz`, which ExportFolder.write compresses: the page's bundle, as load-page.js reads it. */
const COMPRESSED_TOO: ReadonlySet<string> = new Set(['page.js'])

/** Every page file an export writes, or wrote before (app.js and favicon.svg, until format 3): an earlier export holds only these beside the index. */
export const SITE_ENTRIES: readonly string[] = [...SITE_FILES, ...[...COMPRESSED_TOO].map(name => `${name}.gz`), 'app.js', 'favicon.svg']

/** dist/static/site/ of this package: three levels up from src/static/export/ and from dist/static/export/. */
const SITE_FOLDER = fileURLToPath(new URL('../../../dist/static/site/', import.meta.url))

export async function siteFiles (): Promise<Array<{ name: string, bytes: Uint8Array }>> {
  const files = await Promise.all(SITE_FILES.map(async name => {
    try {
      return { name, bytes: await readFile(`${SITE_FOLDER}${name}`) }
    } catch (error) {
      throw createError('STATIC_PAGE_MISSING', SITE_FOLDER, `${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  }))
  return files.flatMap(file => COMPRESSED_TOO.has(file.name) ? [file, { name: `${file.name}.gz`, bytes: file.bytes }] : [file])
}
