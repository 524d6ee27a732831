/**
 * One catalogue of the errors zhsearch raises on purpose, with stable codes.
 * Interfaces map codes to HTTP statuses and exit codes; tests assert on `code`.
 */

const MESSAGES = {
  CORPUS_NOT_FOUND: (dir: string) => `zhsearch: corpus folder ${dir} does not exist; pass --corpus DIR or create it`,
  CORPUS_NOT_A_FOLDER: (dir: string) => `zhsearch: ${dir} is not a folder; --corpus takes a folder of .txt, .md, .json and .jsonl files`,
  INDEX_NOT_FOUND: (dir: string) => `zhsearch: no index in ${dir}; run \`zhsearch reindex\` to build one`,
  INDEX_FORMAT_MISMATCH: (dir: string, found: string, expected: string) =>
    `zhsearch: the index in ${dir} has format ${found}, this version reads format ${expected}; run \`zhsearch reindex\``,
  INDEX_ANALYZER_MISMATCH: (dir: string) =>
    `zhsearch: the index in ${dir} was built with other analyzer settings (user dictionary or options changed); run \`zhsearch reindex\``,
  INDEX_CORRUPT: (dir: string, detail: string) => `zhsearch: the index in ${dir} is damaged (${detail}); run \`zhsearch reindex\``,
  INDEX_DIR_NOT_EMPTY: (dir: string, found: string, allowable: boolean) => allowable
    ? `zhsearch: ${dir} is not empty and is not a zhsearch index (it holds ${found}); save the index into a new or empty folder, or allow other files beside it (save(dir, { allowOtherFiles: true }), reindex({ allowOtherFiles: true }), zhsearch reindex --allow-other-files): zhsearch then adds manifest.json and segments/ and never touches the rest`
    : `zhsearch: ${dir} holds ${found}; save the index into another folder (zhsearch never overwrites a file it did not write)`,
  INDEX_LOCKED: (dir: string, holder: string, lockFile: string) =>
    `zhsearch: the index in ${dir} is being written by ${holder}; wait for it to finish and try again (if no such process runs, remove ${lockFile})`,
  STATIC_DIR_NOT_EMPTY: (dir: string, found: string) =>
    `zhsearch: ${dir} holds ${found}, which zhsearch did not export; export into a new or empty folder, or into an earlier export (zhsearch replaces only its own files)`,
  STATIC_INDEX_UNREADABLE: (where: string, detail: string) =>
    `zhsearch: the static index at ${where} cannot be read (${detail}); export it again with \`zhsearch export --static DIR\` and serve the whole folder`,
  STATIC_PAGE_MISSING: (folder: string, detail: string) =>
    `zhsearch: the search page of a static export is not built in ${folder} (${detail}); run \`npm run build\``,
  JIEBA_UNAVAILABLE: (reason: string) =>
    `zhsearch: Jieba's native module (nodejieba) could not be loaded: ${reason}; run \`npm rebuild nodejieba\` (it compiles with g++, make and python3; install them first if missing)`,
  INDEX_OPEN_TIMEOUT: (dir: string, ms: number) =>
    `zhsearch: opening the index in ${dir} took longer than ${ms} ms and was abandoned (a damaged segment, or a machine far too busy); run \`zhsearch reindex\`, or allow more time`,
  SEARCHER_STOPPED: (detail: string) => `zhsearch: the search thread is not running (${detail})`,
  QUERY_TOO_LONG: (length: number, max: number) => `zhsearch: the query is ${length} characters long; the limit is ${max}`,
  INVALID_PAGING: (detail: string) => `zhsearch: ${detail}`,
  INVALID_REQUEST: (detail: string) => `zhsearch: ${detail}`,
  INVALID_ARTICLE: (detail: string) => `zhsearch: ${detail}`,
  DUPLICATE_ID: (id: string) => `zhsearch: an article with id ${JSON.stringify(id)} is already in the index; use update() to replace it`,
  DOCUMENT_NOT_FOUND: (id: string) => `zhsearch: no article with id ${JSON.stringify(id)}`,
  INVALID_DICTIONARY_WORD: (word: string) =>
    `zhsearch: ${JSON.stringify(word)} is not a dictionary word; a word is 1 to 64 characters without spaces`,
  ENGINE_UNREACHABLE: (host: string, port: number, detail: string) =>
    `zhsearch: the search cluster at ${host}:${port} does not answer (${detail}); start it (zhsearch cluster start --dir DIR) or check --engine`,
  INVALID_ENGINE: (detail: string) => `zhsearch: ${detail}`,
  CLUSTER_ERROR: (detail: string) => `zhsearch: ${detail}`,
} as const

export type ErrorCode = keyof typeof MESSAGES

/** An expected failure with a stable code and a message that says what to do. */
export class ZhsearchError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor (code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'ZhsearchError'
    this.code = code
    this.details = details
  }
}

/** Builds the error for `code`, its message filled from the catalogue's template. */
export function createError<C extends ErrorCode> (
  code: C,
  ...args: Parameters<(typeof MESSAGES)[C]>
): ZhsearchError {
  const template = MESSAGES[code] as (...a: unknown[]) => string
  return new ZhsearchError(code, template(...args))
}

/** True for errors zhsearch raised on purpose (as opposed to bugs). */
export function isZhsearchError (error: unknown): error is ZhsearchError {
  return error instanceof ZhsearchError
}

/** How a wrong argument is named in an error message: `"abc"`, `1.5`, `null`, `an array`, `a function`. */
export function describeValue (value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) return String(value)
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}
