import { createError, describeValue } from './errors.js'

/**
 * Options of a search engine. Every field is optional (`undefined` is the default); the
 * defaults are in DEFAULT_OPTIONS. A value out of range is refused with INVALID_REQUEST
 * naming the option.
 */
export interface EngineOptions {
  /**
   * Extra words for the Chinese segmenter (names and terms of the corpus). When building
   * from a corpus folder, the words of its `user.dict` are added to these.
   * Defaults to none.
   */
  userWords?: readonly string[] | undefined
  /**
   * Queries longer than this many characters are refused with QUERY_TOO_LONG: a person
   * does not type more, and the cost of a query grows with its length. A whole number from
   * 1 to 100,000. Defaults to `256`.
   */
  maxQueryLength?: number | undefined
  /** At most this many snippets per hit: a whole number from 0 (none) to 100. Defaults to `3`. */
  maxSnippets?: number | undefined
  /** Aim for snippets of about this many characters: a whole number from 10 to 10,000. Defaults to `100`. */
  snippetLength?: number | undefined
  /**
   * A search works at most about this many milliseconds, then answers with what it found,
   * marked `partial: true`, so one costly query cannot hold up the others (a server
   * answers every search on one thread). Loading Jieba's dictionary before a first search
   * is not search work and never counts. `0` for no limit. Defaults to `1000`.
   */
  queryBudgetMs?: number | undefined
  /**
   * Latin letters that spell pinyin (`jiaozi`, `gong hui`, `gōnghuì`) or initials (`gh`)
   * also find the Chinese words they spell, ranked below articles with the letters as
   * written. The cluster backend does not read pinyin yet. Defaults to `true`.
   */
  pinyin?: boolean | undefined
}

/**
 * The synonyms file of a corpus folder: read at search time (changing it needs no
 * reindex), never indexed as an article.
 */
export const SYNONYMS_FILE = 'synonyms.txt'

/** Hits per page when a search does not say. */
export const DEFAULT_LIMIT = 10
/** The most hits one search returns; more is refused with INVALID_PAGING. */
export const MAX_LIMIT = 10_000
/** The furthest a search may page; further is refused with INVALID_PAGING. */
export const MAX_OFFSET = 1_000_000
/** The most suggestions one suggest() call returns; more is refused with INVALID_REQUEST. */
export const MAX_SUGGESTIONS = 100
/** Threads that build segments by default: one per core, at most this many. */
export const DEFAULT_WORKERS = 4
/** The most threads a build may ask for. */
export const MAX_WORKERS = 32
/**
 * A build of less text than this (characters) runs on the calling thread, whatever
 * `workers` says: handing it to a thread, even one already running, would not be faster.
 */
export const THREAD_MIN_CHARS = 20_000
/**
 * When `workers` is not given, segment threads are started only for a build of at least
 * this many characters (about 4 MB of Chinese UTF-8): each loads Jieba's dictionary first,
 * about a second and 240 MB. Once started they are kept, and smaller builds use them too.
 */
export const THREAD_START_MIN_CHARS = 1_500_000
/** Segments of a build are cut at about this many characters of text. */
export const SEGMENT_CHARS = 2_000_000

export type ResolvedEngineOptions = { [K in keyof EngineOptions]-?: Exclude<EngineOptions[K], undefined> }

export const DEFAULT_OPTIONS: ResolvedEngineOptions = {
  userWords: [],
  maxQueryLength: 256,
  maxSnippets: 3,
  snippetLength: 100,
  queryBudgetMs: 1000,
  pinyin: true,
}

/** The options with every default filled in; a wrong value is refused with INVALID_REQUEST naming it. */
export function resolveOptions (options: EngineOptions = {}): ResolvedEngineOptions {
  if (typeof options !== 'object' || options === null) throw createError('INVALID_REQUEST', `the options are an object, not ${describeValue(options)}`)
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  const resolved: ResolvedEngineOptions = { ...DEFAULT_OPTIONS, ...defined }
  const { userWords, maxQueryLength, maxSnippets, snippetLength, queryBudgetMs, pinyin } = resolved
  if (!Array.isArray(userWords) || userWords.some(word => typeof word !== 'string')) throw createError('INVALID_REQUEST', `userWords must be an array of strings, not ${describeValue(userWords)}`)
  checkWholeNumber('maxQueryLength', maxQueryLength, 1, 100_000)
  checkWholeNumber('maxSnippets', maxSnippets, 0, 100)
  checkWholeNumber('snippetLength', snippetLength, 10, 10_000)
  if (typeof queryBudgetMs !== 'number' || !Number.isFinite(queryBudgetMs) || queryBudgetMs < 0) throw createError('INVALID_REQUEST', `queryBudgetMs must be a number of milliseconds ≥ 0 (0: no limit), not ${describeValue(queryBudgetMs)}`)
  if (typeof pinyin !== 'boolean') throw createError('INVALID_REQUEST', `pinyin must be true or false, not ${describeValue(pinyin)}`)
  return resolved
}

/** `workers` of a build, checked: undefined (automatic) or a whole number from 0 to MAX_WORKERS. */
export function checkWorkers (workers: unknown): number | undefined {
  if (workers === undefined) return undefined
  checkWholeNumber('workers', workers, 0, MAX_WORKERS)
  return workers as number
}

function checkWholeNumber (name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw createError('INVALID_REQUEST', `${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not ${describeValue(value)}`)
  }
}

