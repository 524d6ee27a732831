import { crc32 } from 'node:zlib'
import { z } from 'zod'
import { fail } from './segment-format-error.js'
import type { SegmentData } from './segment-data.js'

/**
 * A segment on disk is two files: `<name>.zix`, its typed arrays one after another (each
 * 8-byte aligned, so they are read back as views of the file's buffer without copying or
 * parsing), and `<name>.ztx`, its string in UTF-16 (two bytes a Chinese character, where
 * UTF-8 takes three). Both are checksummed in the manifest.
 */
export const SEGMENT_FORMAT = 2
const MAGIC = 0x47455a5a // "ZZEG" little-endian

type ArrayKey = Exclude<keyof SegmentData, 'docCount' | 'text' | 'values'>

/** The element type of each array of a segment's index file. */
export const ARRAY_TYPES: Readonly<Record<ArrayKey, 'u8' | 'u32' | 'i32' | 'f64'>> = {
  fieldStarts: 'u32',
  fieldLengths: 'u32',
  patchStarts: 'u32',
  patchEnds: 'u32',
  patchOriginals: 'u32',
  idStarts: 'u32',
  dateStarts: 'u32',
  metaStarts: 'u32',
  peopleStarts: 'u32',
  peopleValues: 'u32',
  sourceValues: 'i32',
  fileValues: 'u32',
  ordinals: 'u32',
  termStarts: 'u32',
  termPostings: 'u32',
  termDocs: 'u32',
  termWholeDocs: 'u32',
  wordPostings: 'u8',
  pinyinStarts: 'u32',
  pinyinTerms: 'u32',
  initialsStarts: 'u32',
  initialsTerms: 'u32',
  gramKeys: 'f64',
  gramPostings: 'u32',
  gramDocs: 'u32',
  gramBytes: 'u8',
}

const ARRAY_KEYS = Object.keys(ARRAY_TYPES) as ArrayKey[]

const CONSTRUCTORS = { u8: Uint8Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array }

interface Header {
  format: number
  docCount: number
  values: string[]
  arrays: Array<{ key: ArrayKey, offset: number, length: number }>
}

/** A segment's two files as bytes, with their checksums. */
export interface SegmentFiles {
  index: Uint8Array
  text: Uint8Array
}

/** What the manifest records of a segment file to check it when it is read. */
export interface FileCheck {
  bytes: number
  crc32: number
}

export function checkOf (bytes: Uint8Array): FileCheck {
  return { bytes: bytes.length, crc32: crc32(bytes) }
}

/** Serializes a segment into its two files. */
export function encodeSegment (data: SegmentData): SegmentFiles {
  const arrays: Header['arrays'] = []
  let offset = 0
  for (const key of ARRAY_KEYS) {
    arrays.push({ key, offset, length: data[key].length })
    offset = align8(offset + data[key].byteLength)
  }
  const header: Header = { format: SEGMENT_FORMAT, docCount: data.docCount, values: data.values, arrays }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
  const bodyStart = align8(12 + headerBytes.length)
  const index = new Uint8Array(bodyStart + offset)
  const view = new DataView(index.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, SEGMENT_FORMAT, true)
  view.setUint32(8, headerBytes.length, true)
  index.set(headerBytes, 12)
  for (const { key, offset: at } of arrays) {
    const array = data[key]
    index.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), bodyStart + at)
  }
  // A small Buffer is a slice of Node's shared pool; give the text its own memory, so
  // that it can be transferred from a worker.
  const textBytes = Buffer.from(data.text, 'utf16le')
  const text = textBytes.byteOffset === 0 && textBytes.buffer.byteLength === textBytes.byteLength ? textBytes : new Uint8Array(textBytes)
  return { index, text }
}

/**
 * Reads a segment back from its two files. Throws a SegmentFormatError naming the broken
 * rule when a file does not match its checksum or is not a well-formed segment file (a
 * header that is not JSON or not of the right shape, an array missing, twice, misaligned,
 * overlapping another or past the end of the file, a text file of an odd length); the
 * caller names the index. What the arrays hold is checked by checkSegment.
 */
export function decodeSegment (files: SegmentFiles, checks?: { index: FileCheck, text: FileCheck }): SegmentData {
  if (checks !== undefined) {
    verify('index', files.index, checks.index)
    verify('text', files.text, checks.text)
  }
  const index = files.index.byteOffset % 8 === 0 ? files.index : files.index.slice()
  const header = readHeader(index)
  if (files.text.byteLength % 2 !== 0) fail(`its text file has an odd length (${files.text.byteLength} bytes), not UTF-16`)
  const data: Partial<SegmentData> = {
    docCount: header.docCount,
    values: header.values,
    text: Buffer.from(files.text.buffer as ArrayBuffer, files.text.byteOffset, files.text.byteLength).toString('utf16le'),
  }
  const bodyStart = align8(12 + header.headerLength)
  let end = 0
  for (const { key, offset, length } of [...header.arrays].sort((a, b) => a.offset - b.offset)) {
    const type = CONSTRUCTORS[ARRAY_TYPES[key]]
    if (offset % 8 !== 0) fail(`array ${key} starts at ${offset}, not a multiple of 8`)
    if (offset < end) fail(`array ${key} overlaps the array before it`)
    end = offset + length * type.BYTES_PER_ELEMENT
    if (bodyStart + end > index.byteLength) fail(`array ${key} runs past the end of its file`)
    if (key in data) fail(`array ${key} is listed twice`)
    ;(data as Record<string, unknown>)[key] = new type(index.buffer as ArrayBuffer, index.byteOffset + bodyStart + offset, length)
  }
  for (const key of ARRAY_KEYS) {
    if (!(key in data)) fail(`array ${key} is missing`)
  }
  return data as SegmentData
}

const HeaderSchema = z.object({
  format: z.number(),
  docCount: z.number().int().nonnegative(),
  values: z.array(z.string()),
  arrays: z.array(z.object({
    key: z.enum(ARRAY_KEYS as [ArrayKey, ...ArrayKey[]]),
    offset: z.number().int().nonnegative(),
    length: z.number().int().nonnegative(),
  })),
})

/** The JSON header of a segment's index file, checked for shape (not yet against the arrays). */
function readHeader (index: Uint8Array): Header & { headerLength: number } {
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength)
  if (index.byteLength < 12 || view.getUint32(0, true) !== MAGIC) fail('its index file is not a zhsearch segment')
  if (view.getUint32(4, true) !== SEGMENT_FORMAT) fail(`it has format ${view.getUint32(4, true)}, not ${SEGMENT_FORMAT}`)
  const headerLength = view.getUint32(8, true)
  if (headerLength > index.byteLength - 12) fail(`its header of ${headerLength} bytes runs past the end of its file`)
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(index.buffer, index.byteOffset + 12, headerLength).toString('utf8'))
  } catch {
    fail('its header is not JSON')
  }
  const parsed = HeaderSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    fail(`its header has ${issue?.path.join('.') || 'a value'} wrong (${issue?.message ?? 'invalid'})`)
  }
  return { ...parsed.data, headerLength }
}

function verify (name: string, bytes: Uint8Array, check: FileCheck): void {
  if (bytes.length !== check.bytes) fail(`its ${name} file has ${bytes.length} bytes, the manifest says ${check.bytes}`)
  if (crc32(bytes) !== check.crc32) fail(`its ${name} file does not match its checksum`)
}

function align8 (value: number): number {
  return Math.ceil(value / 8) * 8
}
