import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createAnalyzer } from './analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from './analysis/user-dictionary.js'
import { SearchEngine } from './engine.js'
import { isZhsearchError } from './errors.js'
import { listCorpusFiles, readCorpusFile } from './ingest/read-corpus.js'
import { fingerprintBytes } from './ingest/fingerprint.js'
import type { AnalyzedArticle } from './indexing/analyze-article.js'
import { addArticles } from './indexing/build-index.js'
import { loadIndex, readManifest, saveIndex } from './indexing/index-store.js'
import type { IndexedSource, Manifest } from './indexing/manifest.js'
import { SearchIndex } from './indexing/search-index.js'
import type { Article, IngestProblem } from './types.js'

/** A step of a reindex, reported as it goes. */
export interface ReindexProgress {
  phase: 'scan' | 'read' | 'index' | 'save'
  /** Files read so far (new and changed files; unchanged ones are not read). */
  filesDone: number
  /** Files in the corpus. */
  filesTotal: number
  /** Bytes of the new and changed files read so far. */
  bytesDone: number
  /** Bytes of the new and changed files (known once the scan is done). */
  bytesTotal: number
  articlesDone: number
  articlesTotal: number
}

export interface ReindexOptions {
  /** The corpus folder. Its `user.dict`, if any, extends the segmenter's dictionary. */
  corpusDir: string
  /** The index folder to update (created if missing). */
  indexDir: string
  /**
   * Rebuild from scratch instead of reusing the articles of unchanged files. A reindex is
   * also full when there is no usable index yet or the user dictionary changed.
   * Defaults to `false`.
   */
  full?: boolean
  onProgress?: (progress: ReindexProgress) => void
  /** Analyzes articles elsewhere (a worker pool); defaults to this thread. */
  analyzeAll?: (articles: readonly Article[]) => Promise<AnalyzedArticle[]>
}

/** What a reindex did. */
export interface ReindexSummary {
  mode: 'full' | 'incremental'
  /** Why the reindex was full, when it was. */
  fullReason?: string
  articles: { added: number, updated: number, removed: number, unchanged: number }
  files: { total: number, read: number, unchanged: number, removed: number, skipped: number }
  /** Every file or record that was skipped, with its reason (also those of unchanged files). */
  problems: IngestProblem[]
  documents: number
  terms: number
  sizeBytes: number
  ms: number
  manifest: Manifest
  /** The engine over the new index, ready to search. */
  engine: SearchEngine
}

/** Whether an index still matches its corpus, for `zhsearch stats` and `npm start`. */
export interface Freshness {
  stale: boolean
  /** What changed, in words a person reads (empty when fresh). */
  reasons: string[]
  added: string[]
  changed: string[]
  removed: string[]
  dictionaryChanged: boolean
}

/**
 * Brings the index in `indexDir` in step with the corpus in `corpusDir`.
 *
 * Incremental by default: files whose content fingerprint is unchanged keep their
 * articles without being parsed or analyzed again; changed files replace theirs; deleted
 * files remove theirs. The new index is written beside the old one and switched in
 * atomically, so an interrupted reindex leaves the previous index usable.
 */
export async function reindex (options: ReindexOptions): Promise<ReindexSummary> {
  const started = performance.now()
  const { corpusDir, indexDir, onProgress } = options
  const userWords = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
  const analyzer = createAnalyzer({ userWords })
  const files = await listCorpusFiles(corpusDir)

  const previous = options.full === true ? { reason: 'asked for (--full)' } : await openPrevious(indexDir, analyzer.fingerprint)
  const index = 'index' in previous ? previous.index : new SearchIndex(analyzer)
  const previousSources = new Map(('manifest' in previous ? previous.manifest.sources : []).map(source => [source.file, source]))

  const progress: ReindexProgress = { phase: 'scan', filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: 0, articlesDone: 0, articlesTotal: 0 }
  onProgress?.({ ...progress })

  // Read: fingerprint every file; parse only the new and changed ones.
  const sources: IndexedSource[] = []
  const problems: IngestProblem[] = []
  const toAdd: Article[] = []
  const toRemove = new Set<string>()
  const keptIds = new Map<string, string>()
  const changedFiles: Array<{ file: string, size: number }> = []
  let unchangedFiles = 0
  // Unchanged files first, so that their articles keep their ids whatever changed around them.
  for (const file of files) {
    const bytes = await readFile(join(corpusDir, file))
    const before = previousSources.get(file)
    if (before !== undefined && before.fingerprint === fingerprintBytes(bytes)) {
      sources.push(before)
      problems.push(...(before.problems ?? []))
      for (const id of before.articleIds) keptIds.set(id, file)
      unchangedFiles++
    } else {
      changedFiles.push({ file, size: bytes.length })
    }
  }
  progress.phase = 'read'
  progress.bytesTotal = changedFiles.reduce((sum, { size }) => sum + size, 0)
  for (const { file, size } of changedFiles) {
    const before = previousSources.get(file)
    for (const id of before?.articleIds ?? []) toRemove.add(id)
    const result = await readCorpusFile(corpusDir, file)
    const articleIds: string[] = []
    const fileProblems = [...result.problems]
    for (const article of result.articles) {
      const owner = keptIds.get(article.id)
      if (owner !== undefined) {
        fileProblems.push({ file, code: 'DUPLICATE_ID', message: `article id ${JSON.stringify(article.id)} is already used in ${owner}; this one is skipped`, ...(article.origin.line !== undefined ? { line: article.origin.line } : {}) })
        continue
      }
      keptIds.set(article.id, file)
      articleIds.push(article.id)
      toAdd.push(article)
    }
    problems.push(...fileProblems)
    sources.push({ ...result.source, articleIds, ...(fileProblems.length > 0 ? { problems: fileProblems } : {}) })
    progress.filesDone++
    progress.bytesDone += size
    onProgress?.({ ...progress })
  }
  const present = new Set(files)
  let removedFiles = 0
  for (const [file, source] of previousSources) {
    if (present.has(file)) continue
    removedFiles++
    for (const id of source.articleIds) toRemove.add(id)
  }

  // Index: drop what went away or changed, then add the new articles.
  const addedIds = new Set(toAdd.map(article => article.id))
  const updated = [...toRemove].filter(id => addedIds.has(id)).length
  const removed = [...toRemove].filter(id => !addedIds.has(id) && index.has(id)).length
  index.remove(toRemove)
  progress.phase = 'index'
  progress.articlesTotal = toAdd.length
  onProgress?.({ ...progress })
  await addArticles(index, toAdd, {
    ...(options.analyzeAll !== undefined ? { analyzeAll: options.analyzeAll } : {}),
    onProgress: ({ articlesDone }) => {
      progress.articlesDone = articlesDone
      onProgress?.({ ...progress })
    },
  })
  await index.vacuum()

  progress.phase = 'save'
  onProgress?.({ ...progress })
  sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const buildMs = Math.round(performance.now() - started)
  const manifest = await saveIndex(indexDir, index, {
    corpus: corpusDir,
    userDictionaryFingerprint: dictionaryFingerprint(userWords),
    sources,
    builtAt: new Date().toISOString(),
    buildMs,
  })
  const skippedFiles = sources.filter(source => source.articleIds.length === 0 && (source.problems?.length ?? 0) > 0).length
  return {
    mode: 'index' in previous ? 'incremental' : 'full',
    ...('reason' in previous ? { fullReason: previous.reason } : {}),
    articles: { added: toAdd.length - updated, updated, removed, unchanged: index.size - toAdd.length },
    files: { total: files.length, read: changedFiles.length, unchanged: unchangedFiles, removed: removedFiles, skipped: skippedFiles },
    problems,
    documents: index.size,
    terms: index.termCount,
    sizeBytes: manifest.sizeBytes,
    ms: Math.round(performance.now() - started),
    manifest,
    engine: SearchEngine.fromIndex(index, manifest),
  }
}

/**
 * Compares an index with its corpus: files added, changed or removed since the build, and
 * whether the user dictionary changed. Throws INDEX_NOT_FOUND when there is no index.
 */
export async function checkFreshness (corpusDir: string, indexDir: string): Promise<Freshness> {
  const manifest = await readManifest(indexDir)
  const files = await listCorpusFiles(corpusDir)
  const before = new Map(manifest.sources.map(source => [source.file, source.fingerprint]))
  const added: string[] = []
  const changed: string[] = []
  for (const file of files) {
    const fingerprint = before.get(file)
    if (fingerprint === undefined) added.push(file)
    else if (fingerprint !== fingerprintBytes(await readFile(join(corpusDir, file)))) changed.push(file)
  }
  const present = new Set(files)
  const removed = manifest.sources.map(source => source.file).filter(file => !present.has(file))
  const userWords = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
  const dictionaryChanged = (manifest.userDictionaryFingerprint ?? '') !== dictionaryFingerprint(userWords)
  const reasons = [
    ...(added.length > 0 ? [`${added.length} new file(s): ${preview(added)}`] : []),
    ...(changed.length > 0 ? [`${changed.length} changed file(s): ${preview(changed)}`] : []),
    ...(removed.length > 0 ? [`${removed.length} removed file(s): ${preview(removed)}`] : []),
    ...(dictionaryChanged ? [`the user dictionary (${USER_DICTIONARY_FILE}) changed`] : []),
  ]
  return { stale: reasons.length > 0, reasons, added, changed, removed, dictionaryChanged }
}

/** A fingerprint of the user dictionary's words ('' for none), recorded in the manifest. */
function dictionaryFingerprint (words: readonly string[]): string {
  if (words.length === 0) return ''
  return createHash('sha256').update([...words].sort().join('\n')).digest('hex').slice(0, 16)
}

function preview (files: readonly string[]): string {
  return files.slice(0, 3).join(', ') + (files.length > 3 ? ', …' : '')
}

/**
 * The previous index, when it can be updated in place; otherwise why a full rebuild is
 * needed (no index, unreadable, or built with another analyzer or user dictionary).
 */
async function openPrevious (indexDir: string, fingerprint: string): Promise<{ index: SearchIndex, manifest: Manifest } | { reason: string }> {
  try {
    const previous = await loadIndex(indexDir)
    if (previous.manifest.analyzer.fingerprint !== fingerprint) return { reason: 'the user dictionary changed' }
    return previous
  } catch (error) {
    if (isZhsearchError(error)) {
      return { reason: error.code === 'INDEX_NOT_FOUND' ? 'no index yet' : `the previous index could not be used (${error.code})` }
    }
    throw error
  }
}
