import { readFile, rm, writeFile } from 'node:fs/promises'

/*
 * Ways to damage a file of an index, as a failing disk, a crash or a careless edit would.
 * Each returns false when it cannot apply to this file (nothing to edit), so a test can
 * count only the damage it really did.
 */

/** Keeps the first `share` of the file's bytes (0: an empty file). */
export async function truncateFile (path: string, share: number): Promise<boolean> {
  const bytes = await readFile(path)
  await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * share)))
  return true
}

/** XORs the byte at `offset` (taken modulo the length) with `mask` (1 to 255). */
export async function flipByte (path: string, offset: number, mask: number): Promise<boolean> {
  const bytes = await readFile(path)
  if (bytes.length === 0) return false
  bytes[offset % bytes.length]! ^= mask
  await writeFile(path, bytes)
  return true
}

/** Replaces the first occurrence of `from` by `to` (the same length) in a file of UTF-16LE text. */
export async function replaceUtf16Text (path: string, from: string, to: string): Promise<boolean> {
  return replaceBytes(path, Buffer.from(from, 'utf16le'), Buffer.from(to, 'utf16le'))
}

/** Replaces the first occurrence of `from` by `to` (the same length) in a file. */
export async function replaceBytes (path: string, from: Uint8Array, to: Uint8Array): Promise<boolean> {
  if (from.length !== to.length) throw new Error('a replacement of another length would also change the file size')
  const bytes = await readFile(path)
  const at = bytes.indexOf(from)
  if (at < 0) return false
  bytes.set(to, at)
  await writeFile(path, bytes)
  return true
}

/** Rewrites a JSON file through `edit`, keeping it well-formed JSON. */
export async function editJson (path: string, edit: (json: Record<string, unknown>) => Record<string, unknown>): Promise<boolean> {
  await writeFile(path, JSON.stringify(edit(JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>)))
  return true
}

export async function removeFile (path: string): Promise<boolean> {
  await rm(path)
  return true
}
