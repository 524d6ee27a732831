import { createAnalyzer } from '../analysis/analyzer.js'

/*
 * A user-dictionary change, as every index writer (the embedded reindex, the cluster's)
 * sees it: which words came and went, whether the rest of the analysis chain is the one
 * that built the index, and when analyzing the touched articles again stops paying.
 */

/** How the user words of a corpus differ from those an index was built with. */
export interface DictionaryChange {
  /** Words of the corpus's dictionary the index was built without, in dictionary order. */
  added: string[]
  /** Words the index was built with that the dictionary no longer has. */
  removed: string[]
}

/** The words added and removed between two user dictionaries. */
export function diffUserWords (before: readonly string[], after: readonly string[]): DictionaryChange {
  const old = new Set(before)
  const now = new Set(after)
  return { added: after.filter(word => !old.has(word)), removed: before.filter(word => !now.has(word)) }
}

/**
 * Whether an index whose analyzer had `fingerprint` was built by this version of the
 * analysis chain with the user words `userWords` (so that only the user words can differ
 * from an analyzer of today).
 */
export function builtByThisChain (fingerprint: string, userWords: readonly string[]): boolean {
  return createAnalyzer({ userWords: [...userWords] }).fingerprint === fingerprint
}

/**
 * Above this share of the articles to analyze again, a dictionary change rebuilds in full:
 * analyzing nearly every article again costs what a full build does, and leaves segments
 * (or shard rows) mostly deleted, to be merged as well.
 */
export const DICTIONARY_REBUILD_SHARE = 0.8
