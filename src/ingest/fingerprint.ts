/**
 * Content fingerprints of corpus files. The incremental reindex compares them with
 * the fingerprints stored in the index manifest to find the files that changed.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** Hex SHA-256 of `bytes`: the fingerprint a `SourceFile` carries. */
export function fingerprintBytes (bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
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
