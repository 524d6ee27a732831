/**
 * Worker-thread entry of the process's segment threads (segment-pool.ts): each request is a
 * batch of articles that becomes one segment, analyzed, indexed and serialized here, its
 * bytes transferred back. A request names its analyzer (user words and fingerprint): the
 * thread keeps the last few analyzers it was asked for, so it serves engines with
 * different user words alike (Jieba's own dictionary is never changed by user words).
 *
 * nodejieba keeps its segmenter in per-thread instance data, so each thread loads its own
 * copy of the dictionary, at start, while the main thread is still reading the corpus. When
 * that fails (JIEBA_UNAVAILABLE), every request is answered with the error.
 */
import { parentPort } from 'node:worker_threads'
import { type Analyzer, createAnalyzer } from '../analysis/analyzer.js'
import { answerRequests } from '../threads/thread-link.js'
import { buildSegment } from './build-segment.js'
import type { WorkerRequest } from './segment-pool.js'
import { encodeSegment } from './segment/segment-file.js'

const port = parentPort
if (port === null) throw new Error('segment-worker.js runs as a segment thread (segment-pool.ts), not on its own')

/** Analyzers a thread keeps, by fingerprint (building one is cheap; this saves the trie of a large user dictionary). */
const KEPT_ANALYZERS = 8
const analyzers = new Map<string, Analyzer>()

function analyzerFor (request: WorkerRequest['analyzer']): Analyzer {
  let analyzer = analyzers.get(request.fingerprint)
  if (analyzer === undefined) {
    analyzer = createAnalyzer({ userWords: request.userWords })
    if (analyzers.size >= KEPT_ANALYZERS) analyzers.delete(analyzers.keys().next().value!)
  } else {
    analyzers.delete(request.fingerprint)
  }
  analyzers.set(request.fingerprint, analyzer)
  return analyzer
}

let startup: unknown
try {
  createAnalyzer().warmUp()
} catch (error) {
  startup = error
}

answerRequests(port, async message => {
  if (startup !== undefined) throw startup
  const request = message as unknown as WorkerRequest
  const files = encodeSegment(buildSegment(request.articles, analyzerFor(request.analyzer)))
  return { value: files, transfer: [files.index.buffer as ArrayBuffer, files.text.buffer as ArrayBuffer] }
})
