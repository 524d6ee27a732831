import type { IngestProblem } from '../types.js'

/*
 * manifest.json as plain interfaces: what the public types name (the zod schema that checks
 * a manifest when it is read is in manifest-schema.ts, so that a consumer's type-check never
 * loads zod's types).
 */

/** Bump when the files under index/ change shape; older indexes are then refused. */
export const INDEX_FORMAT_VERSION = 3

/** A corpus file as the index remembers it: what it held, and what was skipped in it. */
export interface IndexedSource {
  file: string
  fingerprint: string
  size: number
  articleIds: string[]
  /** The articles' fingerprints in articleIds order, end to end (ingest/fingerprint.ts): what an incremental reindex compares an article with. */
  articleFingerprints?: string | undefined
  problems?: IngestProblem[] | undefined
}

/** What the manifest records of a segment file to check it when it is read. */
export interface FileCheck {
  bytes: number
  crc32: number
}

/** A segment of the index: its files' checksums and its tombstones. */
export interface SegmentEntry {
  /** `seg-…`: the files are `segments/<name>.zix` and `segments/<name>.ztx`. */
  name: string
  documents: number
  index: FileCheck
  text: FileCheck
  /** Deleted documents, a bitset (bit d = document d) in base64; absent when none is. */
  deleted?: string | undefined
}

/** manifest.json: what an index folder holds and how it was built. */
export interface Manifest {
  formatVersion: number
  /** Names this version of the index (changes with every save). */
  build: string
  analyzer: {
    version: number
    fingerprint: string
    userWords: string[]
  }
  segments: SegmentEntry[]
  /**
   * Segments of the previous build that this one no longer uses, kept for a process that
   * read the previous manifest a moment ago; the next save removes them.
   */
  superseded?: string[] | undefined
  documentCount: number
  termCount: number
  /** The corpus folder the index was built from, as given to reindex. */
  corpus?: string | undefined
  /** Fingerprint of the corpus user dictionary the index was built with ('' if none). */
  userDictionaryFingerprint?: string | undefined
  sources: IndexedSource[]
  builtAt: string
  buildMs: number
  /** Bytes of the segment files. */
  sizeBytes: number
}
