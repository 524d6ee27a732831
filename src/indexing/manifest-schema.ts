import { z } from 'zod'
import type { Manifest } from './manifest.js'

/** A segment's name: its files are `<name>.zix` and `<name>.ztx` under `segments/`. */
export const SEGMENT_NAME = /^seg-[a-z0-9-]+$/
/** A build's name (manifest.json's `build`). */
export const BUILD_NAME = /^build-[a-z0-9-]+$/

const IngestProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  code: z.enum(['UNREADABLE_FILE', 'EMPTY_FILE', 'BINARY_FILE', 'UNDECODABLE_FILE', 'INVALID_JSON', 'INVALID_ARTICLE', 'DUPLICATE_ID', 'UNSUPPORTED_FORMAT']),
  message: z.string(),
})

const IndexedSourceSchema = z.object({
  file: z.string(),
  fingerprint: z.string(),
  size: z.number().int().nonnegative(),
  articleIds: z.array(z.string()),
  articleFingerprints: z.string().optional(),
  problems: z.array(IngestProblemSchema).optional(),
})

const FileCheckSchema = z.object({ bytes: z.number().int().nonnegative(), crc32: z.number().int().nonnegative() })

const SegmentEntrySchema = z.object({
  name: z.string().regex(SEGMENT_NAME),
  documents: z.number().int().nonnegative(),
  index: FileCheckSchema,
  text: FileCheckSchema,
  deleted: z.string().optional(),
})

/** Checks manifest.json when it is read (the types are the interfaces of manifest.ts). */
export const ManifestSchema: z.ZodType<Manifest> = z.object({
  formatVersion: z.number().int(),
  build: z.string().regex(BUILD_NAME),
  analyzer: z.object({
    version: z.number().int(),
    fingerprint: z.string(),
    userWords: z.array(z.string()),
  }),
  segments: z.array(SegmentEntrySchema),
  superseded: z.array(z.string().regex(SEGMENT_NAME)).optional(),
  documentCount: z.number().int().nonnegative(),
  termCount: z.number().int().nonnegative(),
  corpus: z.string().optional(),
  userDictionaryFingerprint: z.string().optional(),
  sources: z.array(IndexedSourceSchema),
  builtAt: z.string(),
  buildMs: z.number().nonnegative(),
  sizeBytes: z.number().int().nonnegative(),
})
