/**
 * Shared domain types. Every stage of the pipeline speaks in these; none of them
 * knows about files on disk, index structures or HTTP.
 */

/** Where an article came from: the corpus file (relative to the corpus folder) and its place in it. */
export interface ArticleOrigin {
  /** Path of the corpus file relative to the corpus folder, with `/` separators. */
  file: string
  /** 1-based position of the article in its file. */
  ordinal: number
  /** 1-based line of the article in its file, where the format has lines (JSONL). */
  line?: number | undefined
}

/**
 * One searchable article, as ingest produces it and the index stores it.
 * Text fields hold the original text; normalization happens in analysis.
 */
export interface Article {
  /** Stable id: the article's own id where the source gives one, else `<file>#<ordinal>`. */
  id: string
  title: string
  /** The line printed above a newspaper title (引题), if any. */
  kicker?: string | undefined
  /** The byline as printed, e.g. `本报讯（记者 边磊 通讯员 张雪）`, or the author of a plain article. */
  byline?: string | undefined
  /** Reporters named in the byline (记者). */
  reporters?: string[] | undefined
  /** Correspondents named in the byline (通讯员). */
  correspondents?: string[] | undefined
  /** Author from front matter or JSON. */
  author?: string | undefined
  /** The body text, paragraphs separated by a single `\n`. */
  body: string
  /** Date as given by the source (ISO `YYYY-MM-DD` where it could be read). */
  date?: string | undefined
  /** Publication or dataset the article comes from. */
  source?: string | undefined
  url?: string | undefined
  /** Where the article came from in the corpus folder (absent for articles made in memory). */
  origin?: ArticleOrigin | undefined
}

/**
 * An article as a caller gives it to `fromArticles`, `add` and `update`: an id and a title
 * or a body (or both); every other field is optional. Stored as an Article (a missing title
 * or body is `''`).
 */
export type ArticleInput = Omit<Article, 'title' | 'body'> & ({ title: string, body?: string | undefined } | { title?: string | undefined, body: string })

/** The searchable text fields of an article, in the order the index lists them. */
export const TEXT_FIELDS = ['title', 'kicker', 'byline', 'body'] as const
export type TextField = (typeof TEXT_FIELDS)[number]
/** Text fields per document: the stride of every per-field array (field f is TEXT_FIELDS[f]). */
export const FIELD_COUNT = TEXT_FIELDS.length

/** A corpus file or record that could not be used, and why. Reported, never fatal. */
export interface IngestProblem {
  /** Corpus-relative path of the file. */
  file: string
  /** 1-based line, where the problem is on one line (JSONL). */
  line?: number
  /** Stable machine-readable reason. */
  code:
    | 'UNREADABLE_FILE'
    | 'EMPTY_FILE'
    | 'BINARY_FILE'
    | 'UNDECODABLE_FILE'
    | 'INVALID_JSON'
    | 'INVALID_ARTICLE'
    | 'DUPLICATE_ID'
    | 'UNSUPPORTED_FORMAT'
  /** What a person reads: what is wrong and, where it helps, what to do. */
  message: string
}

/** One corpus file as seen by ingest: for incremental reindexing and staleness checks. */
export interface SourceFile {
  /** Corpus-relative path with `/` separators. */
  file: string
  /** Hex SHA-256 of the file's bytes. */
  fingerprint: string
  size: number
  /** Ids of the articles read from this file (empty when the file was skipped). */
  articleIds: string[]
}

/** What ingesting a corpus folder produced. */
export interface IngestReport {
  articles: Article[]
  problems: IngestProblem[]
  sources: SourceFile[]
}

/** A search as a caller asks for it. */
export interface SearchRequest {
  /** What the person typed: terms (all must match), `"phrases"`, `-exclusions`, `title:term`. */
  query: string
  /** Hits per page. Defaults to 10. */
  limit?: number | undefined
  /** Hits to skip (for paging). Defaults to 0. */
  offset?: number | undefined
  /** Only articles with this author, reporter or correspondent (`''`: no filter, as absent). */
  author?: string | undefined
  /** Only articles from this source (`''`: no filter). */
  source?: string | undefined
  /** Only articles dated on or after this ISO date (`YYYY-MM-DD`; also `YYYY-MM`, `YYYY`; `''`: no filter). */
  dateFrom?: string | undefined
  /** Only articles dated on or before this ISO date (`YYYY-MM-DD`; also `YYYY-MM`, `YYYY`; `''`: no filter). */
  dateTo?: string | undefined
  /** Cut snippets and highlights for the hits (the costly part of a search). Defaults to `true`. */
  snippets?: boolean | undefined
  /** Give each hit an `explanation` of its score. Defaults to `false`. */
  explain?: boolean | undefined
}

/** One ranked result. Snippets and highlights are HTML: escaped, matches in `<mark>`. */
export interface SearchHit {
  id: string
  title: string
  score: number
  kicker?: string
  byline?: string
  reporters?: string[]
  correspondents?: string[]
  author?: string
  source?: string
  date?: string
  url?: string
  origin?: ArticleOrigin
  /** Up to three fragments of the body around the matches, about 100 characters each (empty when not asked for). */
  snippets: string[]
  /** Title, kicker and byline as HTML with the matches marked. */
  highlights: { title: string, kicker?: string, byline?: string }
  /** Why it scored `score` (with `explain: true`): the root's value is `score`. */
  explanation?: Explanation
}

/**
 * One part of a hit's score: its value, what it is, and the parts it is made of (a
 * description starting "sum of" adds its details, "product of" multiplies them).
 */
export interface Explanation {
  value: number
  description: string
  details?: Explanation[]
}

/** How many of all matching articles have each value of a metadata field. */
export interface FacetCount {
  value: string
  count: number
}

export interface SearchResponse {
  query: string
  /** Number of matching articles (all pages). */
  total: number
  /**
   * True when no article had every term (or every word of a term), and the hits are the
   * best partial matches: articles with the most of them first. Absent otherwise.
   */
  relaxed?: boolean
  /**
   * True when the answer is incomplete: the query ran out of its time budget, or (for a
   * cluster) a shard did not answer. Absent otherwise.
   */
  partial?: boolean
  /** For a cluster: the shards (numbered from 0) none of whose replicas answered. Absent otherwise. */
  missingShards?: number[]
  offset: number
  limit: number
  hits: SearchHit[]
  /** Counts over all matching articles, most frequent first. */
  facets: { authors: FacetCount[], sources: FacetCount[] }
  tookMs: number
}
