/**
 * Requests per second of the HTTP API on loopback: the server from src/ (startServer,
 * default corpus indexed into a temporary folder), driven by keep-alive connections
 * with a fixed number of requests in flight. No load-testing dependency: node:http only.
 *
 *   npx tsx scripts/bench-http.ts [--seconds 5] [--connections 16]
 */
import { Agent, request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { startServer } from '../src/server/start-server.js'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' } } })
const SECONDS = Number(values.seconds)
const CONNECTIONS = Number(values.connections)

const CASES: Array<{ name: string, path: string }> = [
  { name: 'search 工会 (7 hits)', path: `/api/search?q=${encodeURIComponent('工会')}` },
  { name: 'search 溫暖基金', path: `/api/search?q=${encodeURIComponent('溫暖基金')}` },
  { name: 'search 工会 -饺子', path: `/api/search?q=${encodeURIComponent('工会 -饺子')}` },
  { name: 'suggest 工', path: `/api/suggest?q=${encodeURIComponent('工')}` },
  { name: 'document', path: `/api/documents/${encodeURIComponent('laodong-wubao-page.txt#7')}?q=${encodeURIComponent('饺子')}` },
  { name: 'healthz', path: '/healthz' },
]

const root = await mkdtemp(join(tmpdir(), 'zhsearch-bench-http-'))
const server = await startServer({
  indexDir: join(root, 'index'),
  corpusDir: 'corpus',
  reindexIfStale: true,
  port: 0,
  host: '127.0.0.1',
  logLevel: 'silent',
  handleSignals: false,
  // The benchmark is one client; the per-client limit would answer it with 429s.
  app: { rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } },
})

function get (agent: Agent, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { agent }, res => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

async function run (path: string): Promise<{ requests: number, errors: number, latencies: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const latencies: number[] = []
  let errors = 0
  const end = performance.now() + SECONDS * 1000
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < end) {
      const started = performance.now()
      const status = await get(agent, path).catch(() => 0)
      latencies.push(performance.now() - started)
      if (status !== 200) errors++
    }
  }))
  agent.destroy()
  return { requests: latencies.length, errors, latencies: latencies.sort((a, b) => a - b) }
}

/** Terminal columns of a string: CJK characters take two. */
const displayWidth = (text: string): number => [...text].reduce((width, char) => width + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1), 0)

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0

try {
  // Warm up: JIT, the segmenter's dictionary, the first snippets.
  await run(CASES[0]!.path)
  const rows: string[][] = [['case', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors']]
  for (const { name, path } of CASES) {
    const { requests, errors, latencies } = await run(path)
    rows.push([name, String(requests), (requests / SECONDS).toFixed(0), percentile(latencies, 0.5).toFixed(2), percentile(latencies, 0.99).toFixed(2), String(errors)])
  }
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per case, Node ${process.version}`)
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => displayWidth(row[column]!))))
  const pad = (cell: string, width: number, left: boolean): string => {
    const fill = ' '.repeat(width - displayWidth(cell))
    return left ? cell + fill : fill + cell
  }
  for (const row of rows) console.log(row.map((cell, column) => pad(cell, widths[column]!, column === 0)).join('  '))
} finally {
  await server.close()
  await rm(root, { recursive: true, force: true })
}
