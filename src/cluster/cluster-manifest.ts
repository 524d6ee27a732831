import type { CollectionStats } from '../searcher/backend.js'
import type { IngestProblem } from '../types.js'
import { splitDocumentId } from './cluster-schema.js'

/** One corpus file as the cluster holds it: one version of it, a range of document ids. */
export interface ClusterSource {
  file: string
  fingerprint: string
  size: number
  /** The file version's number: its rows' ids are `fileNo * 2^32 + ordinal`. */
  fileNo: number
  /** Its place among the files in searchd (`file_rank`): gapped, in file name order. */
  rank: number
  /** The highest ordinal of its articles (0 when it has none): the documents it numbers. */
  ordinals: number
  /** Articles the cluster holds of it, and their words per text field. */
  documents: number
  fieldLengthSums: number[]
  problems?: IngestProblem[]
}

/**
 * The article ids of each file version, on the head (one row per version, `id` its number):
 * what the corpus diff needs of a file that is not read again. Kept out of the manifest,
 * which every searcher reads.
 */
export const FILES_INDEX = 'zhsearch_files'

/**
 * What the cluster holds, in the head's meta index: the corpus files (each a range of
 * document ids), the statistics BM25 reads, and the generation, which every reindex that
 * changes anything advances. A search reads only the documents of the files of its
 * generation: rows a reindex is still writing, or has replaced, are never seen, so a
 * generation is switched in at once, whatever the shards hold meanwhile.
 */
export interface ClusterManifest {
  formatVersion: 2
  generation: number
  analyzerFingerprint: string
  /** The corpus's user dictionary: queries are cut with it as the articles were. */
  userWords: string[]
  corpus: string
  builtAt: string
  /** The number the next file version gets. */
  nextFileNo: number
  /** File versions being written and not published yet, or no longer published: their rows go. */
  unpublished: number[]
  /** Live documents, and the words in each text field summed over them. */
  documents: number
  fieldLengthSums: number[]
  /** Distinct authors and sources named (at most): how many groups a facet count can have. */
  facetValues: number
  sources: ClusterSource[]
}

/** The manifest of an empty cluster. */
export function emptyManifest (analyzerFingerprint: string, userWords: readonly string[], corpus: string): ClusterManifest {
  return { formatVersion: 2, generation: 0, analyzerFingerprint, userWords: [...userWords], corpus, builtAt: new Date(0).toISOString(), nextFileNo: 1, unpublished: [], documents: 0, fieldLengthSums: [0, 0, 0, 0], facetValues: 0, sources: [] }
}

/** The collection statistics of a manifest. */
export function manifestStats (manifest: ClusterManifest): CollectionStats {
  const n = manifest.documents
  return { documents: n, averageFieldLengths: manifest.fieldLengthSums.map(sum => (n === 0 ? 1 : Math.max(1, sum / n))) }
}

/**
 * The documents of one generation, numbered in corpus order (file name, then position in
 * the file): document `base(file) + ordinal - 1`. Numbers are what the seam's arrays
 * hold; a row of a file version the generation does not hold has none.
 */
export class DocumentNumbers {
  /** File versions by number: the first document number of each. */
  private readonly bases = new Map<number, number>()
  /** [base, fileNo] in ascending bases, for the way back. */
  private readonly ranges: Array<[number, number]> = []
  readonly count: number

  constructor (sources: readonly ClusterSource[]) {
    let base = 0
    for (const source of [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
      this.bases.set(source.fileNo, base)
      this.ranges.push([base, source.fileNo])
      base += source.ordinals
    }
    if (base > 0x7fffffff) throw new RangeError(`the cluster numbers ${base} documents; a search numbers at most 2^31`)
    this.count = base
  }

  /** The number of a document id (decimal), or -1 when the generation does not hold its file version. */
  number (id: string): number {
    const { fileNo, ordinal } = splitDocumentId(id)
    const base = this.bases.get(fileNo)
    return base === undefined ? -1 : base + ordinal - 1
  }

  /** The document id of a number of this generation. */
  id (doc: number): bigint {
    let low = 0
    let high = this.ranges.length - 1
    while (low < high) {
      const middle = (low + high + 1) >>> 1
      if (this.ranges[middle]![0] <= doc) low = middle
      else high = middle - 1
    }
    const [base, fileNo] = this.ranges[low]!
    return (BigInt(fileNo) << 32n) | BigInt(doc - base + 1)
  }
}

/** The largest file rank: ranks are uint32. */
const RANK_SPACE = 0xffffffff

/**
 * File ranks for a new list of files (sorted by name): a file kept from the previous
 * generation keeps its rank, a new file version gets one between its neighbours'. When
 * there is no room between them, every file is ranked again, evenly (`renumbered`); the
 * rows of kept files then need their rank updated.
 */
export function assignRanks (files: ReadonlyArray<{ file: string, kept?: number }>): { ranks: number[], renumbered: boolean } {
  const ranks = new Array<number>(files.length)
  let previous = 0
  for (let i = 0; i < files.length;) {
    const kept = files[i]!.kept
    if (kept !== undefined) {
      if (kept <= previous) return { ranks: evenRanks(files.length), renumbered: true }
      ranks[i] = previous = kept
      i++
      continue
    }
    // A run of new files up to the next kept one.
    let j = i
    while (j < files.length && files[j]!.kept === undefined) j++
    const next = j < files.length ? files[j]!.kept! : RANK_SPACE + 1
    const gap = next - previous
    if (gap < j - i + 1) return { ranks: evenRanks(files.length), renumbered: true }
    for (let k = i; k < j; k++) ranks[k] = previous + Math.floor((gap * (k - i + 1)) / (j - i + 1))
    previous = ranks[j - 1]!
    i = j
  }
  return { ranks, renumbered: false }
}

function evenRanks (count: number): number[] {
  const step = Math.floor(RANK_SPACE / (count + 1))
  return Array.from({ length: count }, (_, i) => (i + 1) * step)
}

/** The published state a search reads: the manifest, its document numbers and statistics. */
export interface ClusterGeneration {
  manifest: ClusterManifest
  numbers: DocumentNumbers
  stats: CollectionStats
}

export function clusterGeneration (manifest: ClusterManifest): ClusterGeneration {
  return { manifest, numbers: new DocumentNumbers(manifest.sources), stats: manifestStats(manifest) }
}

/** The shard a document lives on: spread by its place in the corpus (see cluster-writer.ts). */
export function shardOfDocument (fileNo: number, ordinal: number, shards: number): number {
  return (fileNo + ordinal) % shards
}
