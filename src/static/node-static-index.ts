/**
 * `zhsearch/static` in Node: the browser module's openStaticIndex, which also opens an
 * export from a folder on disk (a path), for tests, scripts and servers that render pages
 * from a static export. The browser build (open-static-index.ts) has no Node built-ins.
 *
 * @example
 * ```ts
 * import { openStaticIndex } from 'zhsearch/static'
 * const index = await openStaticIndex('site')          // the folder `zhsearch export --static site` wrote
 * const { total, hits } = await index.search('工会')
 * ```
 */
import { fileURLToPath } from 'node:url'
import { type FileSource, openStaticIndex as openFrom, type StaticSearch, type StaticSearchOptions } from './open-static-index.js'
import { folderSource } from './read/folder-source.js'

export * from './open-static-index.js'

/** A URL with a scheme (https:, http:, file: …): anything else is a folder path. */
const URL_WITH_SCHEME = /^[a-z][a-z0-9+.-]+:\/\//i

/**
 * Opens a static export: a folder path, an http(s) URL of the exported folder (read with
 * `fetch`), or a FileSource. Refused with STATIC_INDEX_UNREADABLE when there is no export
 * there, or one of another format.
 */
export async function openStaticIndex (location: string | URL | FileSource, options: StaticSearchOptions = {}): Promise<StaticSearch> {
  if (typeof location === 'string' && !URL_WITH_SCHEME.test(location)) return await openFrom(folderSource(location), options)
  const url = typeof location === 'string' ? new URL(location) : location
  if (url instanceof URL && url.protocol === 'file:') return await openFrom(folderSource(fileURLToPath(url)), options)
  return await openFrom(url, options)
}
