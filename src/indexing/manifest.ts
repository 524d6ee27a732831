import { z } from 'zod'

/** Bump when the files under index/ change shape; older indexes are then refused. */
export const INDEX_FORMAT_VERSION = 3

const IngestProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  code: z.enum(['UNREADABLE_FILE', 'EMPTY_FILE', 'BINARY_FILE', 'UNDECODABLE_FILE', 'INVALID_JSON', 'INVALID_ARTICLE', 'DUPLICATE_ID', 'UNSUPPORTED_FORMAT']),
  message: z.string(),
})

/** A corpus file as the index remembers it: what it held, and what was skipped in it. */
const IndexedSourceSchema = z.object({
  file: z.string(),
  fingerprint: z.string(),
  size: z.number().int().nonnegative(),
  articleIds: z.array(z.string()),
  problems: z.array(IngestProblemSchema).optional(),
})

export type IndexedSource = z.infer<typeof IndexedSourceSchema>

const FileCheckSchema = z.object({ bytes: z.number().int().nonnegative(), crc32: z.number().int().nonnegative() })

/** A segment of the index: its files' checksums and its tombstones. */
const SegmentEntrySchema = z.object({
  name: z.string().regex(/^seg-[a-z0-9-]+$/),
  documents: z.number().int().nonnegative(),
  index: FileCheckSchema,
  text: FileCheckSchema,
  /** Deleted documents, a bitset (bit d = document d) in base64; absent when none is. */
  deleted: z.string().optional(),
})

export type SegmentEntry = z.infer<typeof SegmentEntrySchema>

/** manifest.json: what an index folder holds and how it was built. */
export const ManifestSchema = z.object({
  formatVersion: z.number().int(),
  /** Names this version of the index (changes with every save). */
  build: z.string().regex(/^build-[a-z0-9-]+$/),
  analyzer: z.object({
    version: z.number().int(),
    fingerprint: z.string(),
    userWords: z.array(z.string()),
  }),
  segments: z.array(SegmentEntrySchema),
  documentCount: z.number().int().nonnegative(),
  termCount: z.number().int().nonnegative(),
  /** The corpus folder the index was built from, as given to reindex. */
  corpus: z.string().optional(),
  /** Fingerprint of the corpus user dictionary the index was built with ('' if none). */
  userDictionaryFingerprint: z.string().optional(),
  sources: z.array(IndexedSourceSchema),
  builtAt: z.string(),
  buildMs: z.number().nonnegative(),
  /** Bytes of the segment files. */
  sizeBytes: z.number().int().nonnegative(),
})

export type Manifest = z.infer<typeof ManifestSchema>
