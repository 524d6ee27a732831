import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ANALYZER_VERSION } from '../analysis/analyzer.js'
import { createError } from '../errors.js'
import { INDEX_FORMAT_VERSION, type Manifest, type SegmentEntry } from './manifest.js'
import { BUILD_NAME, SEGMENT_NAME } from './manifest-schema.js'
import { checkOf, encodeSegment } from './segment/segment-file.js'
import { type IndexSegment, SegmentedIndex } from './segmented-index.js'
import { MANIFEST_FILE, SEGMENTS, segmentFiles } from './index-folder.js'
import { LOCK_FILE } from './index-lock.js'
import { readManifestIfPresent } from './index-load.js'
import { encodeBits } from './tombstone-bits.js'

/** What the caller knows about a build that the index itself does not. */
export type ManifestInput = Omit<Manifest, 'formatVersion' | 'build' | 'analyzer' | 'segments' | 'superseded' | 'documentCount' | 'termCount' | 'sizeBytes'>

/** How a save treats the folder it writes into. */
export interface SaveIndexOptions {
  /**
   * Save into a folder that holds other things than a zhsearch index (refused with
   * INDEX_DIR_NOT_EMPTY otherwise): `manifest.json` and `segments/` are added beside them,
   * and nothing else is ever touched. Defaults to `false`.
   */
  allowOtherFiles?: boolean | undefined
}

/**
 * Saves an index into `dir` atomically. Segments are immutable files under `segments/`:
 * those already there are kept, new ones are written and flushed, and only then is
 * `manifest.json` replaced by a rename. A crash before the rename leaves the previous
 * manifest and its segments untouched.
 *
 * A save removes only files that a save recorded: before it writes a file it lists it in a
 * journal (`.zhsearch-save.<build>.json`, removed once the manifest is switched in), and the
 * manifest lists its segments and those of the previous build it keeps for a process that
 * read the previous manifest a moment ago (`superseded`, removed by the next save). So the
 * next save removes what a crashed or failed save left (its journal says what it wrote) and
 * the segments two builds old, and nothing else: a user's files beside the index, or inside
 * `segments/`, are never touched. If writing fails (a full disk), the files this save wrote
 * are removed again, so a failed save leaves nothing behind.
 *
 * A folder that is neither empty nor a zhsearch index is refused with INDEX_DIR_NOT_EMPTY
 * (unless `allowOtherFiles`), before anything is written; so is a `manifest.json` that
 * zhsearch did not write, always.
 */
export async function saveIndex (dir: string, index: SegmentedIndex, input: ManifestInput, options: SaveIndexOptions = {}): Promise<Manifest> {
  await mkdir(dir, { recursive: true })
  const folder = await checkFolder(dir, options)
  const segmentsDir = join(dir, SEGMENTS)
  await mkdir(segmentsDir, { recursive: true })
  const previous = folder.manifest
  const names = new Set(index.segments.map(entry => entry.segment.name))
  // Leftovers of a save that failed or crashed before its manifest was switched in, and the
  // segments the previous save kept for its readers: cleared first, or a disk that filled
  // up once would stay full.
  await removeRecorded(dir, folder, new Set([...names, ...(previous?.segments ?? []).map(segment => segment.name)]))
  const present = new Set(await readdir(segmentsDir))
  const build = `build-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
  const temporary = `.${MANIFEST_FILE}.${build}.tmp`
  const journal = join(dir, `${JOURNAL_PREFIX}${build}.json`)
  const toWrite = index.segments.filter(entry => needsWriting(entry, present))
  const written: string[] = [journal]
  try {
    // What this save is about to write, so that the next save can remove it should this one crash.
    await writeDurably(journal, JSON.stringify({ files: [...toWrite.flatMap(entry => segmentFiles(entry.segment.name).map(file => `${SEGMENTS}/${file}`)), temporary] }) + '\n')
    await syncFolder(dir)
    const segments: SegmentEntry[] = []
    for (const entry of index.segments) {
      segments.push(await persistSegment(segmentsDir, entry, present, written))
    }
    const superseded = (previous?.segments ?? []).map(segment => segment.name).filter(name => !names.has(name))
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      build,
      analyzer: { version: ANALYZER_VERSION, fingerprint: index.analyzer.fingerprint, userWords: [...index.analyzer.userWords] },
      segments,
      ...(superseded.length > 0 ? { superseded } : {}),
      documentCount: index.size,
      termCount: index.termCount,
      sizeBytes: segments.reduce((sum, segment) => sum + segment.index.bytes + segment.text.bytes, 0),
      ...input,
    }
    written.push(join(dir, temporary))
    await writeDurably(join(dir, temporary), JSON.stringify(manifest) + '\n')
    await rename(join(dir, temporary), join(dir, MANIFEST_FILE))
    written.pop()
    await syncFolder(dir)
    await rm(journal, { force: true })
    return manifest
  } catch (error) {
    await Promise.all(written.map(path => rm(path, { force: true }).catch(() => {})))
    throw error
  }
}

/**
 * Refuses (INDEX_DIR_NOT_EMPTY) to save into `dir` when it holds other things than a
 * zhsearch index (unless `allowOtherFiles`) or a manifest.json zhsearch did not write; a
 * missing folder is fine. A reindex asks before it reads the corpus.
 */
export async function checkSaveFolder (dir: string, options: SaveIndexOptions = {}): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (entries !== undefined) await checkFolder(dir, options)
}

async function checkFolder (dir: string, options: SaveIndexOptions): Promise<FolderState> {
  const folder = await inspectFolder(dir)
  if (folder.foreignManifest) throw createError('INDEX_DIR_NOT_EMPTY', dir, 'a manifest.json that zhsearch did not write', false)
  if (!folder.isIndex && folder.foreign.length > 0 && options.allowOtherFiles !== true) throw createError('INDEX_DIR_NOT_EMPTY', dir, preview(folder.foreign), true)
  return folder
}

/** Journals of saves in progress: `.zhsearch-save.<build>.json` at the top of the folder. */
const JOURNAL_PREFIX = '.zhsearch-save.'

const JOURNAL = /^\.zhsearch-save\.build-[a-z0-9-]+\.json$/

/** Manifests written but not yet renamed into place. */
const TEMPORARY_MANIFEST = /^\.manifest\.json\.build-[a-z0-9-]+\.tmp$/

/** The files of a build of an index format before segments (version 1-2): `<build>/…`. */
const LEGACY_BUILD_FILES = new Set(['inverted-index.json', 'documents.json'])

function needsWriting (entry: IndexSegment, present: ReadonlySet<string>): boolean {
  return entry.segment.checks === undefined || !segmentFiles(entry.segment.name).every(file => present.has(file))
}

/** What a folder holds, as a save sees it before writing. */
interface FolderState {
  /** The current manifest, when it can be read. */
  manifest: Manifest | undefined
  /** The folder holds a zhsearch index (perhaps damaged, or only a crashed first save). */
  isIndex: boolean
  /** Its manifest.json is not one zhsearch wrote (another program's file of that name). */
  foreignManifest: boolean
  /** Entries at the top that are not zhsearch's. */
  foreign: string[]
  journals: string[]
  temporaries: string[]
  /** The build folder named by a manifest of an older format, to remove. */
  legacyBuild: string | undefined
}

/**
 * Tells a zhsearch index from other folders: its manifest.json is zhsearch's (readable, or
 * at least JSON with zhsearch's `formatVersion` and `build`), or a save's journal is there
 * (a first save that crashed), or, with a manifest damaged beyond reading, `segments/`
 * holds segment files and nothing else.
 */
async function inspectFolder (dir: string): Promise<FolderState> {
  const entries = await readdir(dir)
  const journals = entries.filter(entry => JOURNAL.test(entry))
  const temporaries = entries.filter(entry => TEMPORARY_MANIFEST.test(entry))
  let manifest: Manifest | undefined
  let raw: unknown
  let manifestText: string | undefined
  if (entries.includes(MANIFEST_FILE)) {
    manifestText = await readFile(join(dir, MANIFEST_FILE), 'utf8').catch(() => undefined)
    try {
      raw = JSON.parse(manifestText ?? '')
    } catch {}
    // A damaged or outdated previous manifest is what a new build replaces, not a reason to fail.
    manifest = await readManifestIfPresent(dir).catch(() => undefined)
  }
  const { formatVersion, build } = (typeof raw === 'object' && raw !== null ? raw : {}) as { formatVersion?: unknown, build?: unknown }
  const signed = typeof formatVersion === 'number' && typeof build === 'string' && BUILD_NAME.test(build)
  const legacyBuild = signed && formatVersion !== INDEX_FORMAT_VERSION && entries.includes(build) ? build : undefined
  const segmentEntries = entries.includes(SEGMENTS) ? await readdir(join(dir, SEGMENTS)).catch(() => [] as string[]) : []
  const onlySegments = segmentEntries.length > 0 && segmentEntries.every(entry => isSegmentFile(entry))
  const unreadable = manifestText !== undefined && raw === undefined
  const isIndex = manifest !== undefined || signed || journals.length > 0 || (unreadable && onlySegments)
  const known = new Set([MANIFEST_FILE, SEGMENTS, LOCK_FILE, ...journals, ...temporaries, ...(legacyBuild !== undefined ? [legacyBuild] : [])])
  return {
    manifest,
    isIndex,
    foreignManifest: entries.includes(MANIFEST_FILE) && !isIndex,
    foreign: [
      ...entries.filter(entry => !known.has(entry)),
      ...(isIndex ? [] : segmentEntries.filter(entry => !isSegmentFile(entry)).map(entry => `${SEGMENTS}/${entry}`)),
    ],
    journals,
    temporaries,
    legacyBuild,
  }
}

function isSegmentFile (entry: string): boolean {
  return /\.z(ix|tx)$/.test(entry) && SEGMENT_NAME.test(entry.slice(0, -4))
}

/**
 * Removes what earlier saves recorded and no longer need: the files listed in the journals
 * of saves that never finished, their temporary manifests, the segments the previous
 * manifest kept for its readers, and the build folder of an older index format. Segments in
 * `keep` (the previous manifest's, and those about to be saved) stay.
 */
async function removeRecorded (dir: string, folder: FolderState, keep: ReadonlySet<string>): Promise<void> {
  const files = new Set<string>()
  for (const journal of folder.journals) {
    const listed = await readJournal(join(dir, journal))
    for (const file of listed) files.add(file)
    files.add(journal)
  }
  for (const temporary of folder.temporaries) files.add(temporary)
  for (const name of folder.manifest?.superseded ?? []) for (const file of segmentFiles(name)) files.add(`${SEGMENTS}/${file}`)
  for (const file of files) {
    const segment = file.startsWith(`${SEGMENTS}/`) ? file.slice(SEGMENTS.length + 1) : undefined
    if (segment !== undefined && (!isSegmentFile(segment) || keep.has(segment.slice(0, -4)))) continue
    if (segment === undefined && !JOURNAL.test(file) && !TEMPORARY_MANIFEST.test(file)) continue
    await rm(join(dir, file), { force: true })
  }
  if (folder.legacyBuild !== undefined) {
    const legacy = join(dir, folder.legacyBuild)
    const inside = await readdir(legacy).catch(() => undefined)
    if (inside !== undefined && inside.every(entry => LEGACY_BUILD_FILES.has(entry))) await rm(legacy, { recursive: true, force: true })
  }
}

/** The files a journal lists (relative to the index folder); none when it cannot be read. */
async function readJournal (path: string): Promise<string[]> {
  try {
    const { files } = JSON.parse(await readFile(path, 'utf8')) as { files?: unknown }
    return Array.isArray(files) ? files.filter((file): file is string => typeof file === 'string') : []
  } catch {
    return []
  }
}

/** A few names of a list, for a message. */
function preview (names: readonly string[]): string {
  return names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '')
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
