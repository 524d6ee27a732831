/**
 * Worker-thread entry of the analyze pool (analyze-pool.ts): one analyzer per worker,
 * created once, fed batches of articles by the pool.
 *
 * nodejieba is an N-API addon whose segmenter lives in per-thread instance data, so each
 * worker loads its own copy of the dictionary (about a second, started as soon as the
 * worker is up, while the main thread is still reading the corpus).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createAnalyzer } from '../analysis/analyzer.js'
import { analyzeArticle } from './analyze-article.js'
import { packAnalysis, type WorkerReply, type WorkerRequest, type WorkerSetup } from './analyze-pool.js'

const port = parentPort
if (port === null) throw new Error('analyze-worker.js runs as a worker thread of the analyze pool, not on its own')

const { userWords } = workerData as WorkerSetup
const analyzer = createAnalyzer({ userWords })
// Loads Jieba's dictionary now rather than on the first batch.
analyzer.indexTerms('预热')

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply
  try {
    reply = { id: request.id, results: request.articles.map(article => packAnalysis(analyzeArticle(article, analyzer))) }
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error))
    reply = { id: request.id, error: { message, ...(stack !== undefined ? { stack } : {}) } }
  }
  port.postMessage(reply)
})
