import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ANALYZER_VERSION, createAnalyzer } from '../analysis/analyzer.js'
import { createError, isZhsearchError } from '../errors.js'
import { INDEX_FORMAT_VERSION, type Manifest, ManifestSchema, type SegmentEntry } from './manifest.js'
import { checkOf, decodeSegment, encodeSegment } from './segment/segment-file.js'
import { Segment } from './segment/segment.js'
import { type IndexSegment, SegmentedIndex } from './segmented-index.js'

export const MANIFEST_FILE = 'manifest.json'
/** The folder, inside an index folder, of the segment files. */
const SEGMENTS = 'segments'

/** What the caller knows about a build that the index itself does not. */
export type ManifestInput = Omit<Manifest, 'formatVersion' | 'build' | 'analyzer' | 'segments' | 'documentCount' | 'termCount' | 'sizeBytes'>

/**
 * Saves an index into `dir` atomically. Segments are immutable files under `segments/`:
 * those already there are kept, new ones are written and flushed, and only then is
 * `manifest.json` replaced by a rename. A crash before the rename leaves the previous
 * manifest and its segments untouched. Segment files that neither the new nor the
 * previous manifest names are removed afterwards (a process that read the old manifest a
 * moment ago may still be reading its files). If writing fails (a full disk), the files
 * this save wrote are removed again, so a failed save leaves nothing behind.
 */
export async function saveIndex (dir: string, index: SegmentedIndex, input: ManifestInput): Promise<Manifest> {
  const segmentsDir = join(dir, SEGMENTS)
  await mkdir(segmentsDir, { recursive: true })
  // A damaged or outdated previous manifest is what a new build replaces, not a reason to fail.
  const previous = await readManifestIfPresent(dir).catch(() => undefined)
  // Leftovers of a save that failed before its manifest was switched in (a full disk):
  // clear them first, or a disk that filled up once would stay full.
  if (previous !== undefined) await removeUnused(dir, new Set(previous.segments.map(segment => segment.name)))
  const present = new Set(await readdir(segmentsDir))
  const written: string[] = []
  try {
    const segments: SegmentEntry[] = []
    for (const entry of index.segments) {
      segments.push(await persistSegment(segmentsDir, entry, present, written))
    }
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      build: `build-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
      analyzer: { version: ANALYZER_VERSION, fingerprint: index.analyzer.fingerprint, userWords: [...index.analyzer.userWords] },
      segments,
      documentCount: index.size,
      termCount: index.termCount,
      sizeBytes: segments.reduce((sum, segment) => sum + segment.index.bytes + segment.text.bytes, 0),
      ...input,
    }
    const temporary = join(dir, `.${MANIFEST_FILE}.${manifest.build}.tmp`)
    written.push(temporary)
    await writeDurably(temporary, JSON.stringify(manifest) + '\n')
    await rename(temporary, join(dir, MANIFEST_FILE))
    written.pop()
    await syncFolder(dir)
    await removeUnused(dir, new Set([...segments, ...(previous?.segments ?? [])].map(segment => segment.name)))
    return manifest
  } catch (error) {
    await Promise.all(written.map(path => rm(path, { force: true }).catch(() => {})))
    throw error
  }
}

async function persistSegment (segmentsDir: string, entry: IndexSegment, present: ReadonlySet<string>, written: string[]): Promise<SegmentEntry> {
  const { segment } = entry
  const indexFile = `${segment.name}.zix`
  const textFile = `${segment.name}.ztx`
  if (segment.checks === undefined || !present.has(indexFile) || !present.has(textFile)) {
    const files = encodeSegment(segment.data)
    for (const [name, bytes] of [[indexFile, files.index], [textFile, files.text]] as const) {
      written.push(join(segmentsDir, name))
      await writeDurably(join(segmentsDir, name), bytes)
    }
    segment.checks = { index: checkOf(files.index), text: checkOf(files.text) }
  }
  return {
    name: segment.name,
    documents: segment.docCount,
    index: segment.checks.index,
    text: segment.checks.text,
    ...(entry.live < segment.docCount && entry.deleted !== undefined ? { deleted: encodeBits(entry.deleted) } : {}),
  }
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
 * another format version, an analyzer chain that no longer gives the recorded
 * fingerprint, or a segment file that does not match its checksum is refused with a
 * message to reindex.
 */
export async function loadIndex (dir: string, options: { whileReading?: () => void } = {}): Promise<{ index: SegmentedIndex, manifest: Manifest }> {
  const manifest = await readManifest(dir)
  const analyzer = createAnalyzer({ userWords: manifest.analyzer.userWords })
  if (manifest.analyzer.fingerprint !== analyzer.fingerprint) throw createError('INDEX_ANALYZER_MISMATCH', dir)
  try {
    const reads = manifest.segments.map(entry => Promise.all([
      readFile(join(dir, SEGMENTS, `${entry.name}.zix`)),
      readFile(join(dir, SEGMENTS, `${entry.name}.ztx`)),
    ]))
    // Reads are under way on the thread pool: work done here now overlaps them.
    options.whileReading?.()
    const segments = await Promise.all(manifest.segments.map(async (entry, i) => {
      const [index, text] = await reads[i]!
      const data = decodeSegment({ index, text }, { index: entry.index, text: entry.text })
      if (data.docCount !== entry.documents) throw new Error(`segment ${entry.name} holds ${data.docCount} documents, the manifest says ${entry.documents}`)
      const deleted = entry.deleted !== undefined ? decodeBits(entry.deleted, data.docCount) : undefined
      return { segment: new Segment(entry.name, data, { index: entry.index, text: entry.text }), deleted }
    }))
    const index = new SegmentedIndex(analyzer, segments)
    if (index.size !== manifest.documentCount) throw new Error(`expected ${manifest.documentCount} documents, found ${index.size}`)
    return { index, manifest }
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

async function writeDurably (path: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w')
  try {
    await handle.writeFile(content)
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

/** Removes segment files no manifest in use names, temporary manifests, and builds of the previous format. */
async function removeUnused (dir: string, keep: ReadonlySet<string>): Promise<void> {
  for (const entry of await readdir(dir)) {
    const stale = entry.startsWith('build-') || (entry.startsWith(`.${MANIFEST_FILE}.`) && entry.endsWith('.tmp'))
    if (stale) await rm(join(dir, entry), { recursive: true, force: true })
  }
  for (const entry of await readdir(join(dir, SEGMENTS))) {
    if (!keep.has(entry.replace(/\.z(ix|tx)$/, ''))) await rm(join(dir, SEGMENTS, entry), { force: true })
  }
}

/** A 0/1 array as a bitset in base64. */
function encodeBits (flags: Uint8Array): string {
  const bits = new Uint8Array(Math.ceil(flags.length / 8))
  for (let i = 0; i < flags.length; i++) if (flags[i] === 1) bits[i >> 3]! |= 1 << (i & 7)
  return Buffer.from(bits).toString('base64')
}

function decodeBits (base64: string, length: number): Uint8Array {
  const bits = Buffer.from(base64, 'base64')
  if (bits.length !== Math.ceil(length / 8)) throw new Error('a segment\'s deletions do not match its size')
  const flags = new Uint8Array(length)
  for (let i = 0; i < length; i++) flags[i] = (bits[i >> 3]! >> (i & 7)) & 1
  return flags
}
