import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ANALYZER_VERSION, createAnalyzer } from '../analysis/analyzer.js'
import { createError } from '../errors.js'
import { INDEX_FORMAT_VERSION, type Manifest, ManifestSchema, type SegmentEntry } from './manifest.js'
import { checkSegment } from './segment/segment-check.js'
import { checkOf, decodeSegment, encodeSegment } from './segment/segment-file.js'
import { fail, SegmentFormatError } from './segment/segment-format-error.js'
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
 * fingerprint, a segment file that does not match its checksum, or a segment that breaks
 * a rule of the format (checkSegment), even with checksums that agree, is refused with a
 * message to reindex that names the segment and the rule.
 */
export async function loadIndex (dir: string, options: { whileReading?: () => void } = {}): Promise<{ index: SegmentedIndex, manifest: Manifest }> {
  const manifest = await readManifest(dir)
  const analyzer = createAnalyzer({ userWords: manifest.analyzer.userWords })
  if (manifest.analyzer.fingerprint !== analyzer.fingerprint) throw createError('INDEX_ANALYZER_MISMATCH', dir)
  checkSegmentList(dir, manifest)
  const reads = manifest.segments.map(entry => Promise.all([
    readFile(join(dir, SEGMENTS, `${entry.name}.zix`)),
    readFile(join(dir, SEGMENTS, `${entry.name}.ztx`)),
  ]))
  // Reads are under way on the thread pool: work done here now overlaps them.
  options.whileReading?.()
  const segments = await Promise.all(manifest.segments.map(async (entry, i) => readSegment(dir, entry, reads[i]!)))
  const index = new SegmentedIndex(analyzer, segments)
  checkIndexCounts(dir, manifest, index)
  return { index, manifest }
}

/** No segment is listed twice; the manifest's byte count is its segments' bytes. */
function checkSegmentList (dir: string, manifest: Manifest): void {
  const names = new Set<string>()
  for (const { name } of manifest.segments) {
    if (names.has(name)) throw createError('INDEX_CORRUPT', dir, `${MANIFEST_FILE} lists segment ${name} twice`)
    names.add(name)
  }
  const bytes = manifest.segments.reduce((sum, segment) => sum + segment.index.bytes + segment.text.bytes, 0)
  if (bytes !== manifest.sizeBytes) throw createError('INDEX_CORRUPT', dir, `${MANIFEST_FILE} says sizeBytes ${manifest.sizeBytes}, its segments hold ${bytes}`)
}

/** Reads, decodes and checks one segment and its tombstones; a broken rule is INDEX_CORRUPT naming it. */
async function readSegment (dir: string, entry: SegmentEntry, read: Promise<[Buffer, Buffer]>): Promise<{ segment: Segment, deleted: Uint8Array | undefined }> {
  let files: [Buffer, Buffer]
  try {
    files = await read
  } catch (error) {
    throw createError('INDEX_CORRUPT', dir, `segment ${entry.name}: its files cannot be read (${(error as Error).message})`)
  }
  try {
    const [index, text] = files
    const data = decodeSegment({ index, text }, { index: entry.index, text: entry.text })
    checkSegment(data)
    if (data.docCount !== entry.documents) fail(`it holds ${data.docCount} documents, ${MANIFEST_FILE} says ${entry.documents}`)
    const deleted = entry.deleted !== undefined ? decodeBits(entry.deleted, data.docCount) : undefined
    return { segment: new Segment(entry.name, data, { index: entry.index, text: entry.text }, dir), deleted }
  } catch (error) {
    if (error instanceof SegmentFormatError) throw createError('INDEX_CORRUPT', dir, `segment ${entry.name}: ${error.message}`)
    // A rule checkSegment does not know yet: still a refusal, never a crash (and a bug to report).
    throw createError('INDEX_CORRUPT', dir, `segment ${entry.name}: unexpected error while reading it (${String(error)})`)
  }
}

/** The manifest's counts are those of the segments it lists, and no article is live twice. */
function checkIndexCounts (dir: string, manifest: Manifest, index: SegmentedIndex): void {
  if (index.size !== manifest.documentCount) throw createError('INDEX_CORRUPT', dir, `${MANIFEST_FILE} says ${manifest.documentCount} documents, its segments hold ${index.size} live`)
  if (index.termCount !== manifest.termCount) throw createError('INDEX_CORRUPT', dir, `${MANIFEST_FILE} says ${manifest.termCount} terms, its segments hold ${index.termCount}`)
  const ids = new Set<string>()
  for (const { segment, doc } of index.live()) {
    const id = segment.segment.id(doc)
    if (ids.has(id)) throw createError('INDEX_CORRUPT', dir, `article ${JSON.stringify(id)} is live in two places (segment ${segment.segment.name})`)
    ids.add(id)
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

/**
 * A segment's tombstones from their bitset: one bit a document, none past the last
 * document, and not every document deleted (a segment whose documents are all deleted is
 * dropped by the merge policy, never saved).
 */
function decodeBits (base64: string, length: number): Uint8Array {
  const bits = Buffer.from(base64, 'base64')
  if (bits.length !== Math.ceil(length / 8) || bits.toString('base64') !== base64) fail(`its tombstones are ${bits.length} bytes of base64, ${length} documents take ${Math.ceil(length / 8)}`)
  const flags = new Uint8Array(length)
  let deleted = 0
  for (let i = 0; i < length; i++) deleted += flags[i] = (bits[i >> 3]! >> (i & 7)) & 1
  if (length % 8 !== 0 && bits[bits.length - 1]! >> (length % 8) !== 0) fail('its tombstones delete documents past its last')
  if (deleted === length) fail(`its tombstones delete all its ${length} documents`)
  return flags
}
