import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createAnalyzer } from '../analysis/analyzer.js'
import { createError } from '../errors.js'
import { INDEX_FORMAT_VERSION, type Manifest, type SegmentEntry } from './manifest.js'
import { ManifestSchema } from './manifest-schema.js'
import { checkSegment } from './segment/segment-check.js'
import { decodeSegment } from './segment/segment-file.js'
import { fail, SegmentFormatError } from './segment/segment-format-error.js'
import { Segment } from './segment/segment.js'
import { SegmentedIndex } from './segmented-index.js'
import { MANIFEST_FILE, SEGMENTS } from './index-folder.js'
import { decodeBits } from './tombstone-bits.js'

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
export async function loadIndex (dir: string, options: { whileReading?: (manifest: Manifest) => void } = {}): Promise<{ index: SegmentedIndex, manifest: Manifest }> {
  const manifest = await readManifest(dir)
  const analyzer = createAnalyzer({ userWords: manifest.analyzer.userWords })
  if (manifest.analyzer.fingerprint !== analyzer.fingerprint) throw createError('INDEX_ANALYZER_MISMATCH', dir)
  checkSegmentList(dir, manifest)
  const reads = manifest.segments.map(entry => Promise.all([
    readFile(join(dir, SEGMENTS, `${entry.name}.zix`)),
    readFile(join(dir, SEGMENTS, `${entry.name}.ztx`)),
  ]))
  // Reads are under way on the thread pool: work done here now overlaps them.
  options.whileReading?.(manifest)
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

export async function readManifestIfPresent (dir: string): Promise<Manifest | undefined> {
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
