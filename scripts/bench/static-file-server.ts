import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

/*
 * A plain static file server for the exported site (the static e2e test and
 * npm run bench:static), as GitHub Pages or nginx would serve
 * it: files by path, index.html for a folder, 404 otherwise; no zhsearch code. It counts
 * the requests and the body bytes it sent, so a test can say what a page fetched.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
}

/** One request the server answered. */
export interface ServedRequest {
  path: string
  status: number
  bytes: number
}

export interface StaticFileServer {
  /** `http://127.0.0.1:<port>/` */
  url: string
  /** What was requested so far, in order. */
  requests: ServedRequest[]
  /** Body bytes sent so far. */
  bytesSent (): number
  /** Forgets the requests counted so far. */
  reset (): void
  close (): Promise<void>
}

/** Serves `root` on a free loopback port. */
export async function startStaticFileServer (root: string): Promise<StaticFileServer> {
  const requests: ServedRequest[] = []
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path))
    const answer = (status: number, body: Buffer | string, type: string): void => {
      const bytes = Buffer.byteLength(body)
      requests.push({ path, status, bytes })
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes, 'Cache-Control': 'no-cache' })
      res.end(body)
    }
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      answer(404, 'not found', 'text/plain')
      return
    }
    readFile(file).then(
      body => { answer(200, body, TYPES[extname(file)] ?? 'application/octet-stream') },
      () => { answer(404, 'not found', 'text/plain') },
    )
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    bytesSent: () => requests.reduce((sum, request) => sum + request.bytes, 0),
    reset: () => { requests.length = 0 },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
