import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { ARRAY_TYPES, decodeSegment, encodeSegment } from '../../src/indexing/segment/segment-file.js'
import type { SegmentData } from '../../src/indexing/segment/segment-data.js'

/*
 * Edits an index folder the way a writer with a bug, a tool that re-checksums a damaged
 * copy, or someone with write access would: the files are changed, then the manifest's
 * crc32 and byte counts are recomputed so that the checksums agree. What is left to find
 * the lie is the reader's own checks.
 */

/** A manifest as written (no checks: a test may have forged it). */
export interface ForgedManifest {
  documentCount: number
  termCount: number
  sizeBytes: number
  segments: Array<{ name: string, documents: number, index: { bytes: number, crc32: number }, text: { bytes: number, crc32: number }, deleted?: string }>
  [key: string]: unknown
}

export async function readForgedManifest (indexDir: string): Promise<ForgedManifest> {
  return JSON.parse(await readFile(join(indexDir, 'manifest.json'), 'utf8')) as ForgedManifest
}

/** Writes the manifest with every segment's checksums and byte counts (and sizeBytes) recomputed from the files as they are. */
export async function writeResealed (indexDir: string, manifest: ForgedManifest): Promise<void> {
  for (const entry of manifest.segments) {
    for (const [kind, ext] of [['index', 'zix'], ['text', 'ztx']] as const) {
      const bytes = await readFile(segmentPath(indexDir, entry.name, ext)).catch(() => undefined)
      if (bytes !== undefined) entry[kind] = { bytes: bytes.length, crc32: crc32(bytes) }
    }
  }
  manifest.sizeBytes = manifest.segments.reduce((sum, entry) => sum + entry.index.bytes + entry.text.bytes, 0)
  await writeFile(join(indexDir, 'manifest.json'), JSON.stringify(manifest))
}

/** Edits the manifest (then reseals it). */
export async function forgeManifest (indexDir: string, edit: (manifest: ForgedManifest) => void): Promise<void> {
  const manifest = await readForgedManifest(indexDir)
  edit(manifest)
  await writeResealed(indexDir, manifest)
}

export function segmentPath (indexDir: string, name: string, ext: 'zix' | 'ztx'): string {
  return join(indexDir, 'segments', `${name}.${ext}`)
}

/**
 * Rewrites segment `name` from its data after `edit` (a consistent file: the header says
 * what the arrays are), then reseals the manifest; `manifest` may make it agree.
 */
export async function forgeSegment (indexDir: string, name: string, edit: (data: SegmentData) => void, manifest?: (manifest: ForgedManifest) => void): Promise<void> {
  const data = decodeSegment({ index: await readFile(segmentPath(indexDir, name, 'zix')), text: await readFile(segmentPath(indexDir, name, 'ztx')) })
  // Copies, so that an edit may change any array (the decoded ones are views of the file).
  const copy = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, ArrayBuffer.isView(value) ? (value as Uint32Array).slice() : value])) as unknown as SegmentData
  edit(copy)
  const files = encodeSegment(copy)
  await writeFile(segmentPath(indexDir, name, 'zix'), files.index)
  await writeFile(segmentPath(indexDir, name, 'ztx'), files.text)
  await forgeManifest(indexDir, forged => manifest?.(forged))
}

/** Edits the bytes of one of a segment's files in place (then reseals the manifest). */
export async function forgeSegmentBytes (indexDir: string, name: string, ext: 'zix' | 'ztx', edit: (bytes: Buffer) => Buffer | void): Promise<void> {
  const path = segmentPath(indexDir, name, ext)
  const bytes = await readFile(path)
  await writeFile(path, edit(bytes) ?? bytes)
  await forgeManifest(indexDir, () => {})
}

/** Where the arrays of a segment's index file are, read from its header as written. */
export interface SegmentLayout {
  header: { docCount: number, values: string[], arrays: Array<{ key: string, offset: number, length: number }> }
  headerLength: number
  bodyStart: number
}

export function segmentLayout (bytes: Uint8Array): SegmentLayout {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true)
  const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 12, headerLength).toString('utf8')) as SegmentLayout['header']
  return { header, headerLength, bodyStart: Math.ceil((12 + headerLength) / 8) * 8 }
}

/** The byte position of element `index` of array `key` in a segment's index file. */
export function elementOffset (layout: SegmentLayout, key: string, index: number): number {
  const array = layout.header.arrays.find(entry => entry.key === key)
  if (array === undefined) throw new Error(`no array ${key}`)
  return layout.bodyStart + array.offset + index * ELEMENT_BYTES[key]!
}

/** Bytes an element of each array takes (as segment-file.ts writes them). */
export const ELEMENT_BYTES: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(ARRAY_TYPES).map(([key, type]) => [key, type === 'u8' ? 1 : type === 'f64' ? 8 : 4]))

/** Replaces a segment file's JSON header by `edit`'s, moving the arrays behind it as needed. */
export function withHeader (bytes: Uint8Array, edit: (header: SegmentLayout['header']) => void): Buffer {
  const layout = segmentLayout(bytes)
  edit(layout.header)
  const headerBytes = Buffer.from(JSON.stringify(layout.header), 'utf8')
  const bodyStart = Math.ceil((12 + headerBytes.length) / 8) * 8
  const out = Buffer.alloc(bodyStart + bytes.length - layout.bodyStart)
  out.set(bytes.subarray(0, 12))
  out.writeUInt32LE(headerBytes.length, 8)
  out.set(headerBytes, 12)
  out.set(bytes.subarray(layout.bodyStart), bodyStart)
  return out
}
