import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import MiniSearch from 'minisearch'
import { ANALYZER_VERSION, createAnalyzer } from '../analysis/analyzer.js'
import { createError, isZhsearchError } from '../errors.js'
import { miniSearchOptions } from './index-schema.js'
import { INDEX_FORMAT_VERSION, type Manifest, ManifestSchema } from './manifest.js'
import { SearchIndex, type StoredDocument } from './search-index.js'

export const MANIFEST_FILE = 'manifest.json'
const INVERTED_INDEX_FILE = 'inverted-index.json'
const DOCUMENTS_FILE = 'documents.json'

/** What the caller knows about a build that the index itself does not. */
export type ManifestInput = Omit<Manifest, 'formatVersion' | 'build' | 'analyzer' | 'documentCount' | 'termCount' | 'sizeBytes'>

/**
 * Writes an index into `dir` atomically: the data goes to a new `build-<id>/` folder,
 * each file written and flushed to disk, and only then is `manifest.json` replaced by a
 * rename. A crash before the rename leaves the previous manifest and build untouched.
 * Older builds are removed afterwards, except the one just replaced, which a process
 * that read the old manifest a moment ago may still be reading.
 */
export async function saveIndex (dir: string, index: SearchIndex, input: ManifestInput): Promise<Manifest> {
  await mkdir(dir, { recursive: true })
  // A damaged or outdated previous manifest is what a new build replaces, not a reason to fail.
  const previous = await readManifestIfPresent(dir).catch(() => undefined)
  const build = `build-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
  const buildDir = join(dir, build)
  await mkdir(buildDir)
  await writeDurably(join(buildDir, INVERTED_INDEX_FILE), JSON.stringify(index.miniSearch))
  await writeDurably(join(buildDir, DOCUMENTS_FILE), JSON.stringify([...index.all()]))
  const sizeBytes = (await stat(join(buildDir, INVERTED_INDEX_FILE))).size + (await stat(join(buildDir, DOCUMENTS_FILE))).size
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    build,
    analyzer: {
      version: ANALYZER_VERSION,
      fingerprint: index.analyzer.fingerprint,
      userWords: [...index.analyzer.userWords],
    },
    documentCount: index.size,
    termCount: index.termCount,
    sizeBytes,
    ...input,
  }
  const temporary = join(dir, `.${MANIFEST_FILE}.${build}.tmp`)
  await writeDurably(temporary, JSON.stringify(manifest, null, 2) + '\n')
  await rename(temporary, join(dir, MANIFEST_FILE))
  await syncFolder(dir)
  await removeOldBuilds(dir, new Set([build, previous?.build ?? '']))
  return manifest
}

/** Reads and checks `manifest.json` of an index folder. */
export async function readManifest (dir: string): Promise<Manifest> {
  const manifest = await readManifestIfPresent(dir)
  if (manifest === undefined) throw createError('INDEX_NOT_FOUND', dir)
  return manifest
}

/**
 * Loads the index in `dir`. The analyzer is rebuilt from the manifest's settings (so the
 * index reads the same way whatever the corpus dictionary now says); a manifest from
 * another format version, or an analyzer chain that no longer gives the recorded
 * fingerprint, is refused with a message to reindex.
 */
export async function loadIndex (dir: string): Promise<{ index: SearchIndex, manifest: Manifest }> {
  const manifest = await readManifest(dir)
  const analyzer = createAnalyzer({ userWords: manifest.analyzer.userWords })
  if (manifest.analyzer.fingerprint !== analyzer.fingerprint) throw createError('INDEX_ANALYZER_MISMATCH', dir)
  const buildDir = join(dir, manifest.build)
  try {
    const [invertedIndex, documents] = await Promise.all([
      readFile(join(buildDir, INVERTED_INDEX_FILE), 'utf8'),
      readFile(join(buildDir, DOCUMENTS_FILE), 'utf8'),
    ])
    const miniSearch = MiniSearch.loadJSON(invertedIndex, miniSearchOptions())
    const stored = JSON.parse(documents) as StoredDocument[]
    if (!Array.isArray(stored) || stored.length !== manifest.documentCount || miniSearch.documentCount !== stored.length) {
      throw new Error(`expected ${manifest.documentCount} documents`)
    }
    return { index: new SearchIndex(analyzer, miniSearch, stored), manifest }
  } catch (error) {
    if (isZhsearchError(error)) throw error
    throw createError('INDEX_CORRUPT', dir, (error as Error).message)
  }
}

async function readManifestIfPresent (dir: string): Promise<Manifest | undefined> {
  let text: string
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw createError('INDEX_CORRUPT', dir, (error as Error).message)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw createError('INDEX_CORRUPT', dir, `${MANIFEST_FILE} is not JSON`)
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion
  if (version !== INDEX_FORMAT_VERSION) {
    throw createError('INDEX_FORMAT_MISMATCH', dir, String(version ?? 'unknown'), String(INDEX_FORMAT_VERSION))
  }
  const parsed = ManifestSchema.safeParse(json)
  if (!parsed.success) throw createError('INDEX_CORRUPT', dir, `${MANIFEST_FILE}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}

async function writeDurably (path: string, content: string): Promise<void> {
  const handle = await open(path, 'w')
  try {
    await handle.writeFile(content, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function syncFolder (dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch {
    // Some file systems cannot sync a folder; the rename is still atomic there.
  } finally {
    await handle.close()
  }
}

async function removeOldBuilds (dir: string, keep: ReadonlySet<string>): Promise<void> {
  for (const entry of await readdir(dir)) {
    const stale = (entry.startsWith('build-') && !keep.has(entry)) || (entry.startsWith(`.${MANIFEST_FILE}.`) && entry.endsWith('.tmp'))
    if (stale) await rm(join(dir, entry), { recursive: true, force: true })
  }
}
