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
}

export type ResolvedEngineOptions = Required<EngineOptions>

export const DEFAULT_OPTIONS: ResolvedEngineOptions = {
  userWords: [],
  maxQueryLength: 256,
  maxSnippets: 3,
  snippetLength: 100,
}

/** The options with every default filled in. */
export function resolveOptions (options: EngineOptions = {}): ResolvedEngineOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  return { ...DEFAULT_OPTIONS, ...defined }
}
