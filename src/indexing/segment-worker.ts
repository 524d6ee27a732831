/**
 * Worker-thread entry of the segment pool (segment-pool.ts): one analyzer per worker,
 * created once; each request is a batch of articles that becomes one segment, analyzed,
 * indexed and serialized here, its bytes transferred back.
 *
 * nodejieba keeps its segmenter in per-thread instance data, so each worker loads its own
 * copy of the dictionary, at start, while the main thread is still reading the corpus.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createAnalyzer } from '../analysis/analyzer.js'
import { buildSegment } from './build-segment.js'
import type { WorkerReply, WorkerRequest, WorkerSetup } from './segment-pool.js'
import { encodeSegment } from './segment/segment-file.js'

const port = parentPort
if (port === null) throw new Error('segment-worker.js runs as a worker thread of the segment pool, not on its own')

const { userWords } = workerData as WorkerSetup
const analyzer = createAnalyzer({ userWords })
analyzer.warmUp()

port.on('message', (request: WorkerRequest) => {
  try {
    const files = encodeSegment(buildSegment(request.articles, analyzer))
    const reply: WorkerReply = { id: request.id, files }
    port.postMessage(reply, [files.index.buffer as ArrayBuffer, files.text.buffer as ArrayBuffer])
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error))
    port.postMessage({ id: request.id, error: { message, ...(stack !== undefined ? { stack } : {}) } } satisfies WorkerReply)
  }
})
