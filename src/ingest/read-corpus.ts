/**
 * Reads a corpus folder into articles. One bad file never stops ingest: it
 * becomes an `IngestProblem` and every other file is still read. Only a corpus
 * folder that is missing or is not a folder is an error.
 *
 * The three steps are exported separately because the incremental reindex runs
 * them itself: `listCorpusFiles`, then `fingerprintFile` per file, then
 * `readCorpusFile` for the files whose fingerprint changed.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { createError } from '../errors.js'
import type { Article, ArticleOrigin, IngestProblem, IngestReport, SourceFile } from '../types.js'
import { SYNONYMS_FILE } from '../options.js'
import { decodeText } from './decode-text.js'
import { fingerprintBytes, fingerprintFile } from './fingerprint.js'
import { IdClaims } from './id-claims.js'
import type { FormatReader } from './formats/format-result.js'
import { readJsonFormat } from './formats/json-format.js'
import { readJsonlFormat } from './formats/jsonl-format.js'
import { readMarkdownFormat } from './formats/markdown-format.js'
import { readTextFormat } from './formats/text-format.js'

/** Readers by lower-case file extension. */
const READERS: Readonly<Record<string, FormatReader>> = {
  '.txt': readTextFormat,
  '.md': readMarkdownFormat,
  '.markdown': readMarkdownFormat,
  '.json': readJsonFormat,
  '.jsonl': readJsonlFormat,
  '.ndjson': readJsonlFormat,
}

/** The user dictionary lives in the corpus folder (`user.dict`) but holds no articles (nor does SYNONYMS_FILE). */
const SKIPPED_EXTENSION = '.dict'

/** Files read at the same time by `readCorpus`: enough to overlap disk waits with parsing. */
const READ_AHEAD = 8

/** What reading one corpus file produced. */
export interface CorpusFileResult {
  articles: Article[]
  problems: IngestProblem[]
  /** The file's fingerprint and the ids of the articles kept from it. */
  source: SourceFile
}

/** Options of `readCorpus`. */
export interface ReadCorpusOptions {
  /** Called after each file is read, in corpus order: `done` of `total` files, the last one `file`. */
  onFile?: (done: number, total: number, file: string) => void
}

/**
 * The files of corpus folder `dir`, walked recursively: corpus-relative paths
 * with `/` separators, sorted by code point. Hidden files and folders (names
 * starting with `.`), `*.dict` files and special files (FIFOs, sockets) are
 * left out. A subfolder that cannot be listed is returned as if it were a file,
 * so that reading it reports it as `UNREADABLE_FILE` instead of hiding it.
 *
 * @throws `ZhsearchError` `CORPUS_NOT_FOUND` when `dir` does not exist,
 *   `CORPUS_NOT_A_FOLDER` when it is not a folder.
 */
export async function listCorpusFiles (dir: string): Promise<string[]> {
  let info
  try {
    info = await stat(dir)
  } catch (error) {
    if (hasCode(error, 'ENOENT') || hasCode(error, 'ENOTDIR')) throw createError('CORPUS_NOT_FOUND', dir)
    throw error
  }
  if (!info.isDirectory()) throw createError('CORPUS_NOT_A_FOLDER', dir)

  const files: string[] = []
  // Real paths of the folders walked, so that a symbolic link cycle ends.
  const visited = new Set<string>([await realpath(dir)])
  await walk(dir, '', files, visited)
  return files.sort(compareCodePoints)
}

async function walk (folder: string, prefix: string, files: string[], visited: Set<string>): Promise<void> {
  let entries
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch (error) {
    if (prefix === '') throw error
    files.push(prefix.slice(0, -1))
    return
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const absolute = path.join(folder, entry.name)
    const relative = prefix + entry.name
    let isFile = entry.isFile()
    let isFolder = entry.isDirectory()
    if (entry.isSymbolicLink()) {
      const target = await stat(absolute).catch(() => undefined)
      // A dangling link is listed, so that it is reported rather than silently missing.
      isFile = target === undefined || target.isFile()
      isFolder = target?.isDirectory() ?? false
    }
    if (isFolder) {
      const real = await realpath(absolute).catch(() => absolute)
      if (visited.has(real)) continue
      visited.add(real)
      await walk(absolute, relative + '/', files, visited)
    } else if (isFile && !entry.name.toLowerCase().endsWith(SKIPPED_EXTENSION) && relative !== SYNONYMS_FILE) {
      files.push(relative)
    }
  }
}

/**
 * Reads one corpus file: fingerprints its bytes, decodes them and hands the text
 * to the reader for its extension (`.txt`, `.md`/`.markdown`, `.json`,
 * `.jsonl`/`.ndjson`). Never throws for the file's content or for a file that
 * cannot be read: those come back as problems (`UNREADABLE_FILE`, `EMPTY_FILE`,
 * `BINARY_FILE`, `UNDECODABLE_FILE`, `UNSUPPORTED_FORMAT`, `INVALID_JSON`,
 * `INVALID_ARTICLE`, and `DUPLICATE_ID` for an id used twice in the file).
 *
 * `source.fingerprint` is `''` when the file could not be read, so it never
 * matches a stored fingerprint and the file is tried again on the next reindex.
 *
 * @param dir - The corpus folder.
 * @param file - The file's corpus-relative path with `/` separators, as `listCorpusFiles` gives it.
 */
export async function readCorpusFile (dir: string, file: string): Promise<CorpusFileResult> {
  const absolute = path.join(dir, ...file.split('/'))
  const extension = path.posix.extname(file).toLowerCase()
  if (READERS[extension] === undefined) {
    // Fingerprinted by streaming: an unsupported file may be a large video or archive.
    try {
      const fingerprint = await fingerprintFile(absolute)
      const { size } = await stat(absolute)
      return unsupportedFile(file, { file, fingerprint, size, articleIds: [] })
    } catch (error) {
      return unreadableFile(file, error)
    }
  }
  let bytes: Uint8Array
  try {
    bytes = await readFile(absolute)
  } catch (error) {
    return unreadableFile(file, error)
  }
  return parseCorpusFile(file, bytes)
}

/**
 * A corpus file's articles from its bytes, already read (the corpus diff reads each file
 * once: to fingerprint it, and, when it changed, to parse it): decoded and handed to the
 * reader for its extension, with the problems `readCorpusFile` describes.
 */
export function parseCorpusFile (file: string, bytes: Uint8Array): CorpusFileResult {
  const reader = READERS[path.posix.extname(file).toLowerCase()]
  const source: SourceFile = { file, fingerprint: fingerprintBytes(bytes), size: bytes.length, articleIds: [] }
  if (reader === undefined) return unsupportedFile(file, source)
  const decoded = decodeText(bytes)
  if (!decoded.ok) {
    return { articles: [], problems: [{ file, code: decoded.code, message: decoded.message }], source }
  }
  const { articles, problems } = reader(decoded.text, file)
  const kept = new IdClaims().keep(articles, problems)
  source.articleIds = kept.map((article) => article.id)
  return { articles: kept, problems, source }
}

/** Whether a corpus file is one zhsearch reads (by its extension). */
export function isReadableFormat (file: string): boolean {
  return READERS[path.posix.extname(file).toLowerCase()] !== undefined
}

function unsupportedFile (file: string, source: SourceFile): CorpusFileResult {
  const extension = path.posix.extname(file).toLowerCase()
  const what = extension === '' ? 'has no file extension' : `is a ${extension} file`
  const message = `${what}, which zhsearch does not read; use .txt, .md, .json or .jsonl, or move it out of the corpus folder`
  return { articles: [], problems: [{ file, code: 'UNSUPPORTED_FORMAT', message }], source }
}

function unreadableFile (file: string, error: unknown): CorpusFileResult {
  return { articles: [], problems: [unreadable(file, error)], source: { file, fingerprint: '', size: 0, articleIds: [] } }
}

/**
 * Reads every file of corpus folder `dir` (see `listCorpusFiles`) into one
 * report: all articles in corpus order, all problems, and a `SourceFile` per
 * file. An article id already used by an earlier article is skipped with a
 * `DUPLICATE_ID` problem naming both places.
 *
 * @throws `ZhsearchError` `CORPUS_NOT_FOUND` / `CORPUS_NOT_A_FOLDER`.
 *
 * @example
 * const { articles, problems } = await readCorpus('corpus')
 * // articles[0].id === 'laodong-wubao-page.txt#1'
 */
export async function readCorpus (dir: string, options: ReadCorpusOptions = {}): Promise<IngestReport> {
  const files = await listCorpusFiles(dir)
  const report: IngestReport = { articles: [], problems: [], sources: [] }
  const claims = new IdClaims()

  const reads: Array<Promise<CorpusFileResult>> = []
  const startRead = (index: number): void => {
    const file = files[index]
    if (file === undefined) return
    const read = readCorpusFile(dir, file)
    // Awaited in order below; this only keeps a read-ahead failure from being reported as unhandled first.
    read.catch(() => {})
    reads[index] = read
  }
  for (let index = 0; index < READ_AHEAD; index++) startRead(index)

  for (const [index, file] of files.entries()) {
    const result = await (reads[index] as Promise<CorpusFileResult>)
    delete reads[index]
    startRead(index + READ_AHEAD)

    report.problems.push(...result.problems)
    const kept = claims.keep(result.articles, report.problems)
    report.articles.push(...kept)
    report.sources.push({ ...result.source, articleIds: kept.map((article) => article.id) })
    options.onFile?.(index + 1, files.length, file)
  }
  return report
}

function unreadable (file: string, error: unknown): IngestProblem {
  const reason = hasCode(error, 'EISDIR')
    ? 'is a folder that could not be listed'
    : `could not be read (${errorCode(error)})`
  return { file, code: 'UNREADABLE_FILE', message: `${reason}; check that it exists and that zhsearch may read it` }
}

function hasCode (error: unknown, code: string): boolean {
  return errorCode(error) === code
}

function errorCode (error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code
  return error instanceof Error ? error.message : String(error)
}

/** Orders strings by Unicode code point; the UTF-8 byte order is exactly that (UTF-16 code unit order is not). */
function compareCodePoints (a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}
