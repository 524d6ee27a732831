/**
 * An opened index as a message between threads: the loader thread opens and checks an
 * index folder (loadIndex) and hands its segments over as plain data, their typed arrays'
 * memory transferred rather than copied; the receiving thread wraps them again. A
 * segment is typed arrays and strings (SegmentData), so nothing needs encoding.
 */
import { createAnalyzer } from '../analysis/analyzer.js'
import type { Manifest } from './manifest.js'
import type { SegmentData } from './segment/segment-data.js'
import type { FileCheck } from './segment/segment-file.js'
import { Segment } from './segment/segment.js'
import { SegmentedIndex } from './segmented-index.js'

/** An index as it crosses a thread boundary. */
export interface PackedIndex {
  manifest: Manifest
  segments: Array<{ name: string, data: SegmentData, checks?: { index: FileCheck, text: FileCheck } | undefined, folder?: string | undefined, deleted?: Uint8Array | undefined }>
}

/** The index as a message, and the buffers to transfer with it (each once). */
export function packIndex (index: SegmentedIndex, manifest: Manifest): { packed: PackedIndex, transfer: ArrayBuffer[] } {
  const buffers = new Set<ArrayBuffer>()
  const segments = index.segments.map(({ segment, deleted }) => {
    for (const value of Object.values(segment.data)) if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer)
    if (deleted !== undefined) buffers.add(deleted.buffer as ArrayBuffer)
    return { name: segment.name, data: segment.data, checks: segment.checks, folder: segment.folder, deleted }
  })
  return { packed: { manifest, segments }, transfer: [...buffers] }
}

/**
 * The index again, on this thread: the analyzer rebuilt from the manifest's settings
 * (the loader checked them against the recorded fingerprint), the segments wrapped.
 */
export function unpackIndex (packed: PackedIndex): SegmentedIndex {
  const analyzer = createAnalyzer({ userWords: packed.manifest.analyzer.userWords })
  return new SegmentedIndex(analyzer, packed.segments.map(({ name, data, checks, folder, deleted }) => ({ segment: new Segment(name, data, checks, folder), deleted })))
}
