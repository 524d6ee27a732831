/** Options of a search engine. Every field is optional; the defaults are in DEFAULT_OPTIONS. */
export interface EngineOptions {
  /**
   * Extra words for the Chinese segmenter (names and terms of the corpus). When building
   * from a corpus folder, the words of its `user.dict` are added to these.
   * Defaults to none.
   */
  userWords?: readonly string[]
  /**
   * Queries longer than this many characters are refused with QUERY_TOO_LONG: a person
   * does not type more, and the cost of a query grows with its length. Defaults to `256`.
   */
  maxQueryLength?: number
  /** At most this many snippets per hit. Defaults to `3`. */
  maxSnippets?: number
  /** Aim for snippets of about this many characters. Defaults to `100`. */
  snippetLength?: number
  /**
   * A search works at most about this many milliseconds, then answers with what it found,
   * marked `partial: true`, so one costly query cannot hold up the others (a server
   * answers every search on one thread). `0` for no limit. Defaults to `1000`.
   */
  queryBudgetMs?: number
  /**
   * Latin letters that spell pinyin (`jiaozi`, `gong hui`, `gōnghuì`) or initials (`gh`)
   * also find the Chinese words they spell, ranked below articles with the letters as
   * written. The cluster backend does not read pinyin yet. Defaults to `true`.
   */
  pinyin?: boolean
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
/**
 * Above this many articles, a build from articles runs on worker threads by default, so
 * it neither blocks the event loop for long nor leaves a core idle.
 */
export const WORKER_THRESHOLD = 300
/**
 * A reindex reads less than this many bytes of new and changed files on its own thread:
 * starting a worker costs a Jieba dictionary load (about a second) each.
 */
export const WORKER_MIN_BYTES = 4_000_000
/** Segments of a build are cut at about this many characters of text. */
export const SEGMENT_CHARS = 2_000_000

export type ResolvedEngineOptions = Required<EngineOptions>

export const DEFAULT_OPTIONS: ResolvedEngineOptions = {
  userWords: [],
  maxQueryLength: 256,
  maxSnippets: 3,
  snippetLength: 100,
  queryBudgetMs: 1000,
  pinyin: true,
}

/** The options with every default filled in. */
export function resolveOptions (options: EngineOptions = {}): ResolvedEngineOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  return { ...DEFAULT_OPTIONS, ...defined }
}
