/**
 * The HTTP API under load: `zhsearch serve` (the CLI) timed from its spawn to its first
 * answer, then the bench's server (serve.ts, the rate limit lifted: one load generator is
 * one client) driven by autocannon, one route after another: search over the query mix,
 * suggest over the mix's first characters, documents (with highlighting) over articles
 * spread through the corpus, and /healthz (what the server costs without a search).
 */
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { CLI } from '../lib/paths.js'
import { withBenchServer, withServer } from './processes.js'
import type { BenchQuery, HttpResult, HttpRouteResult } from './types.js'

export interface HttpSettings {
  /** Keep-alive connections of the load. */
  connections: number
  /** How long each route is driven (after a warm-up). */
  seconds: number
}

/** How many documents the document route cycles through. */
const DOCUMENTS = 200

/** The request paths of each route, in the order they are measured (search first). */
export function httpRoutes (queries: readonly BenchQuery[], articleIds: readonly string[]): Array<{ route: string, paths: string[] }> {
  const q = (text: string): string => encodeURIComponent(text)
  const step = Math.max(1, Math.floor(articleIds.length / DOCUMENTS))
  const documents = articleIds.filter((_, i) => i % step === 0).slice(0, DOCUMENTS)
  const plain = queries.map(query => query.query.replaceAll('"', '').split(/\s+/)[0]!).filter(text => text !== '')
  return [
    { route: 'search', paths: queries.map(query => `/api/search?q=${q(query.query)}`) },
    { route: 'suggest', paths: plain.map(text => `/api/suggest?q=${q([...text].slice(0, 2).join(''))}`) },
    { route: 'document', paths: documents.map((id, i) => `/api/documents/${q(id)}?q=${q(plain[i % plain.length]!)}`) },
    { route: 'healthz', paths: ['/healthz'] },
  ]
}

export async function benchHttp (indexDir: string, queries: readonly BenchQuery[], articleIds: readonly string[], settings: HttpSettings): Promise<HttpResult> {
  const routes = httpRoutes(queries, articleIds)
  const firstAnswerMs = await withServer([CLI, 'serve', '--index', indexDir, '--port', '0', '--host', '127.0.0.1'], async (url, started) => {
    await get(new URL(routes[0]!.paths[0]!, url))
    return performance.now() - started
  })
  const results = await withBenchServer(indexDir, async url => {
    const measured: HttpRouteResult[] = []
    // Warm up: Jieba's dictionary and the first snippets load on the first queries.
    for (const path of routes[0]!.paths.slice(0, 20)) await get(new URL(path, url))
    await load(url, routes[0]!.paths, settings.connections, Math.max(1, Math.round(settings.seconds / 3)))
    for (const { route, paths } of routes) {
      for (const path of paths.slice(0, 5)) await get(new URL(path, url))
      const result = await load(url, paths, settings.connections, settings.seconds)
      measured.push({
        route,
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
      })
    }
    return measured
  })
  return { firstAnswerMs, routes: results, connections: settings.connections, seconds: settings.seconds }
}

/** `connections` keep-alive connections for `seconds`, cycling through `paths`. */
async function load (url: string, paths: readonly string[], connections: number, seconds: number): Promise<autocannon.Result> {
  let next = 0
  return await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: request => ({ ...request, path: paths[next++ % paths.length]! }) }],
  })
}

async function get (url: URL): Promise<void> {
  const response = await fetch(url)
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`the server answered ${response.status} to ${url.pathname}${url.search}`)
}
