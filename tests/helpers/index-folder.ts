import { cp, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { reindex } from '../../src/index.js'
import { writeGeneratedCorpus } from './cli-corpus.js'
import { DEFAULT_CORPUS } from './default-engine.js'

/** The part of `manifest.json` the reliability tests read: which segments it names. */
export interface ManifestSegments {
  build: string
  documentCount: number
  segments: Array<{ name: string }>
}

/** Reads `manifest.json` of an index folder as written (no checks: a test may have damaged it). */
export async function readManifestSegments (indexDir: string): Promise<ManifestSegments> {
  return JSON.parse(await readFile(join(indexDir, 'manifest.json'), 'utf8')) as ManifestSegments
}

/** The file names of a manifest's segments under `segments/` (two files each). */
export function segmentFilesOf (manifest: ManifestSegments): string[] {
  return manifest.segments.flatMap(segment => [`${segment.name}.zix`, `${segment.name}.ztx`])
}

/** What an index folder holds: the names at its top and under `segments/`, sorted. */
export async function listIndexFolder (indexDir: string): Promise<{ top: string[], segments: string[] }> {
  const top = (await readdir(indexDir)).sort()
  const segments = top.includes('segments') ? (await readdir(join(indexDir, 'segments'))).sort() : []
  return { top, segments }
}

/**
 * The files under `segments/` that neither manifest names: what a save keeps is the
 * current manifest's segments and the previous one's (a reader may still hold them).
 */
export function unreferencedSegmentFiles (files: readonly string[], current: ManifestSegments, previous: ManifestSegments | undefined): string[] {
  const kept = new Set([...segmentFilesOf(current), ...(previous !== undefined ? segmentFilesOf(previous) : [])])
  return files.filter(file => !kept.has(file))
}

/**
 * Builds, in `indexDir`, an index of three segments, one of them with deleted documents,
 * from a copy of the default corpus in `corpusDir` plus generated articles: the seed page
 * first, then a.jsonl and b.jsonl (30 articles each), then a.jsonl again with other
 * articles (half of the second segment's documents deleted).
 */
export async function buildSegmentedIndex (corpusDir: string, indexDir: string): Promise<void> {
  await cp(DEFAULT_CORPUS, corpusDir, { recursive: true })
  await reindex({ corpusDir, indexDir })
  await writeGeneratedCorpus(join(corpusDir, 'a.jsonl'), 30, 3)
  await writeGeneratedCorpus(join(corpusDir, 'b.jsonl'), 30, 4)
  await reindex({ corpusDir, indexDir })
  await writeGeneratedCorpus(join(corpusDir, 'a.jsonl'), 30, 5)
  await reindex({ corpusDir, indexDir })
}
