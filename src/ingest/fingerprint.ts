/**
 * Content fingerprints of corpus files. The incremental reindex compares them with
 * the fingerprints stored in the index manifest to find the files that changed.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Article } from '../types.js'

/** Hex SHA-256 of `bytes`: the fingerprint a `SourceFile` carries. */
export function fingerprintBytes (bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Characters of an article's fingerprint (articleFingerprint): 66 bits, compared only with the same id's. */
export const ARTICLE_FINGERPRINT_LENGTH = 11

/**
 * A short fingerprint of an article as ingest read it: its text, metadata and place in its
 * file (origin), so that an article that moved in its file is not the same any more.
 */
export function articleFingerprint (article: Article): string {
  return createHash('sha256').update(JSON.stringify(article)).digest('base64url').slice(0, ARTICLE_FINGERPRINT_LENGTH)
}

/**
 * Hex SHA-256 of the file at `path`, read as a stream so that a large file never
 * sits in memory whole. Gives the same value as `fingerprintBytes` on the file's
 * bytes. Rejects with the file system's error when the file cannot be read.
 */
export async function fingerprintFile (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}
