import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Article, IngestProblem } from '../types.js'
import { ARTICLE_FINGERPRINT_LENGTH, articleFingerprint, fingerprintBytes, fingerprintFile } from './fingerprint.js'
import { IdClaims } from './id-claims.js'
import { isReadableFormat, listCorpusFiles, parseCorpusFile, readCorpusFile } from './read-corpus.js'

/**
 * A corpus file as an index remembers it (the index manifest's `sources`, the cluster's
 * manifest): its content fingerprint, and the articles it gave and the problems it had.
 */
export interface KnownSource {
  file: string
  fingerprint: string
  size: number
  articleIds: string[]
  /** The articles' fingerprints (articleFingerprint), in articleIds order, end to end; absent in indexes made before them. */
  articleFingerprints?: string | undefined
  problems?: IngestProblem[] | undefined
}

/** One corpus file in corpus order, as the diff found it. */
export type DiffEntry =
  | {
    kind: 'unchanged'
    source: KnownSource
  }
  | {
    /** New, changed, or unchanged but re-read because the ids it may keep changed (see diffCorpus). */
    kind: 'read'
    file: string
    /** The record of the file before, if any: its articles leave the index. */
    previous: KnownSource | undefined
    /** The articles to index: those whose ids no earlier file holds. */
    articles: Article[]
    /**
     * Ids of those articles that are as the previous version of the file had them (the same
     * fingerprint: text, metadata and place): a writer whose documents are articles keeps them.
     */
    unchanged: ReadonlySet<string>
    /** The file's record for the new index. */
    source: KnownSource
    /** Bytes read. */
    bytes: number
  }

/** A whole diff: every file's entry, and the remembered files that are gone. */
export interface CorpusDiff {
  files: string[]
  entries: DiffEntry[]
  removed: KnownSource[]
}

/**
 * The corpus folder against what an index remembers of it, one file at a time in corpus
 * order, each file read once: a file whose bytes have the remembered fingerprint is
 * `unchanged` and is not parsed; any other file is parsed from the bytes just read.
 *
 * Article ids follow one rule (IdClaims): the first file in corpus order keeps an id,
 * whether it was read now or is unchanged; so an incremental reindex keeps the same
 * articles a full one would. An unchanged file is read again when that rule gives it
 * other articles than before: an earlier file now claims one of its ids, or it skipped an
 * id as a duplicate that may be free now.
 *
 * `files` are the corpus's files (listCorpusFiles). `onEntry` is called as each file is
 * done (a reindex hands its articles on to be built while the next file is read); the
 * removed files come last.
 */
export async function diffCorpus (dir: string, files: readonly string[], known: ReadonlyMap<string, KnownSource>, onEntry?: (entry: DiffEntry) => void | Promise<void>): Promise<CorpusDiff> {
  const claims = new IdClaims()
  const entries: DiffEntry[] = []
  for (const file of files) {
    const entry = await diffFile(dir, file, known.get(file), claims)
    entries.push(entry)
    await onEntry?.(entry)
  }
  const present = new Set(files)
  return { files: [...files], entries, removed: [...known.values()].filter(source => !present.has(source.file)) }
}

/** The bytes of the new and changed files, estimated before reading them: what sizes a reindex's batches. */
export async function estimateChangedBytes (dir: string, files: readonly string[], known: ReadonlyMap<string, KnownSource>): Promise<number> {
  // All at once: the caller may be busy between two callbacks (reading the previous index).
  const sizes = await Promise.all(files.map(async file => await stat(path.join(dir, ...file.split('/'))).then(info => info.size, () => 0)))
  return sizes.reduce((bytes, size, i) => (known.get(files[i]!)?.size !== size ? bytes + size : bytes), 0)
}

async function diffFile (dir: string, file: string, before: KnownSource | undefined, claims: IdClaims): Promise<DiffEntry> {
  const absolute = path.join(dir, ...file.split('/'))
  let bytes: Uint8Array | undefined
  let fingerprint: string
  try {
    if (isReadableFormat(file)) {
      bytes = await readFile(absolute)
      fingerprint = fingerprintBytes(bytes)
    } else {
      // Streamed: an unsupported file may be a large video or archive.
      fingerprint = await fingerprintFile(absolute)
    }
  } catch {
    fingerprint = ''
  }
  if (before !== undefined && fingerprint !== '' && before.fingerprint === fingerprint && keepsItsIds(before, claims)) {
    claims.claimKnown(before.articleIds, file)
    return { kind: 'unchanged', source: before }
  }
  const result = bytes !== undefined ? parseCorpusFile(file, bytes) : await readCorpusFile(dir, file)
  const problems = [...result.problems]
  const articles = claims.keep(result.articles, problems)
  const fingerprints = articles.map(articleFingerprint)
  const source: KnownSource = { ...result.source, articleIds: articles.map(article => article.id), articleFingerprints: fingerprints.join(''), ...(problems.length > 0 ? { problems } : {}) }
  const previous = fingerprintsById(before)
  const unchanged = new Set(articles.filter((article, i) => previous.get(article.id) === fingerprints[i]).map(article => article.id))
  return { kind: 'read', file, previous: before, articles, unchanged, source, bytes: result.source.size }
}

/** A remembered file's article fingerprints by id (none for an index made before them, or one whose record does not add up). */
function fingerprintsById (source: KnownSource | undefined): Map<string, string> {
  const all = source?.articleFingerprints
  if (source === undefined || all === undefined || all.length !== source.articleIds.length * ARTICLE_FINGERPRINT_LENGTH) return new Map()
  return new Map(source.articleIds.map((id, i) => [id, all.slice(i * ARTICLE_FINGERPRINT_LENGTH, (i + 1) * ARTICLE_FINGERPRINT_LENGTH)]))
}

/** True when an unchanged file keeps exactly the articles it had: none of its ids taken by an earlier file, none skipped as a duplicate. */
function keepsItsIds (source: KnownSource, claims: IdClaims): boolean {
  if (source.problems?.some(problem => problem.code === 'DUPLICATE_ID') === true) return false
  return source.articleIds.every(id => claims.ownerOf(id) === undefined)
}

/**
 * What a diff changes in an index: the ids to delete (articles of changed, re-read and
 * removed files), but for the articles a re-read file has unchanged when `keepUnchanged`.
 */
export function staleIds (diff: Pick<CorpusDiff, 'entries' | 'removed'>, keepUnchanged = false): Set<string> {
  const stale = new Set<string>()
  for (const entry of diff.entries) {
    if (entry.kind !== 'read') continue
    for (const id of entry.previous?.articleIds ?? []) if (!keepUnchanged || !entry.unchanged.has(id)) stale.add(id)
  }
  for (const source of diff.removed) for (const id of source.articleIds) stale.add(id)
  return stale
}

/** Which files changed, without parsing any (for `zhsearch stats` and a server that checks before serving). */
export async function changedFiles (dir: string, known: ReadonlyMap<string, KnownSource>): Promise<{ added: string[], changed: string[], removed: string[] }> {
  const files = await listCorpusFiles(dir)
  const added: string[] = []
  const changed: string[] = []
  for (const file of files) {
    const before = known.get(file)
    const fingerprint = await fingerprintFile(path.join(dir, ...file.split('/'))).catch(() => '')
    if (before === undefined) added.push(file)
    else if (fingerprint === '' || fingerprint !== before.fingerprint) changed.push(file)
  }
  const present = new Set(files)
  return { added, changed, removed: [...known.keys()].filter(file => !present.has(file)) }
}
