import { isZhsearchError, SearchEngine } from '../../src/index.js'
import type { ProbeAnswer, ProbeRequest, ProbeResult } from './index-probe.js'

/*
 * The child of index-probe.ts: opens each index folder it is sent, searches it, reads the
 * first hit's article, and answers with what happened (never throws: an error that is
 * not a ZhsearchError is reported as such).
 */

async function probe ({ dir, queries, limit, suggest }: ProbeRequest): Promise<ProbeResult> {
  let engine: SearchEngine
  try {
    engine = await SearchEngine.open(dir)
  } catch (error) {
    return failure(error)
  }
  const answers: ProbeAnswer[] = []
  let suggestions = 0
  try {
    for (const query of queries) answers.push(await search(engine, query, limit))
    if (suggest !== undefined) suggestions = await engine.suggest(suggest).then(found => found.words.length + found.titles.length).catch(error => {
      if (isZhsearchError(error)) return -1
      throw error
    })
  } catch (error) {
    return failure(error)
  }
  return { kind: 'answered', size: engine.size, answers, suggestions }
}

async function search (engine: SearchEngine, query: string, limit: number): Promise<ProbeAnswer> {
  try {
    const response = await engine.search({ query, limit })
    const first = response.hits[0]
    const document = first === undefined ? undefined : await engine.getDocument(first.id)
    return {
      query,
      ok: true,
      total: response.total,
      partial: response.partial === true,
      hits: response.hits.map(hit => ({ id: hit.id, title: hit.title })),
      document: document === undefined ? (first === undefined ? undefined : null) : { id: document.id },
    }
  } catch (error) {
    if (!isZhsearchError(error)) throw error
    return { query, ok: false, code: error.code, message: error.message }
  }
}

function failure (error: unknown): ProbeResult {
  if (isZhsearchError(error)) return { kind: 'refused', code: error.code, message: error.message }
  return { kind: 'raw-error', name: (error as Error)?.name ?? typeof error, message: String((error as Error)?.stack ?? error) }
}

process.on('message', (request: ProbeRequest) => {
  void probe(request).then(reply => process.send!(reply))
})
process.send!({ ready: true })
