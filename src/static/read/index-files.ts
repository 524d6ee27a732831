import { createError } from '../../errors.js'
import { OnceEach } from './once-each.js'

/** Where an export's files are read from: a base URL (fetch) or, in Node, a folder. */
export interface FileSource {
  /** Where the export is, for messages. */
  readonly location: string
  /** The bytes of a file of the export (`path` relative to its folder). */
  read (path: string): Promise<Uint8Array>
}

/** An export served over HTTP(S) (or anything `fetch` reads) from `base`, the URL of the export's folder. */
export function fetchSource (base: string | URL, fetchFile: typeof fetch = (...args) => fetch(...args)): FileSource {
  const folder = new URL(base, (globalThis as { location?: { href: string } }).location?.href)
  if (!folder.pathname.endsWith('/')) folder.pathname += '/'
  return {
    location: folder.href,
    async read (path) {
      const response = await fetchFile(new URL(path, folder))
      if (!response.ok) throw createError('STATIC_INDEX_UNREADABLE', folder.href, `${path}: HTTP ${response.status}`)
      return new Uint8Array(await response.arrayBuffer())
    },
  }
}

/**
 * The files of one export, each read once (a second request for a file waits for the
 * first), JSON parsed once, and the bytes read counted.
 */
export class IndexFiles {
  private readonly read = new OnceEach()
  /** Bytes read so far, and files. */
  bytesRead = 0
  filesRead = 0

  constructor (readonly source: FileSource) {}

  json<T> (path: string): Promise<T> {
    return this.read.get(`json:${path}`, async () => JSON.parse(new TextDecoder().decode(await this.fetch(path))) as T)
  }

  text (path: string): Promise<string> {
    return this.read.get(`text:${path}`, async () => new TextDecoder().decode(await this.fetch(path)))
  }

  bytes (path: string): Promise<Uint8Array> {
    return this.read.get(`bytes:${path}`, async () => await this.fetch(path))
  }

  private async fetch (path: string): Promise<Uint8Array> {
    let bytes: Uint8Array
    try {
      bytes = await this.source.read(path)
    } catch (error) {
      throw unreadable(this.source.location, path, error)
    }
    this.bytesRead += bytes.length
    this.filesRead++
    if (!isGzip(bytes)) return bytes
    try {
      return await gunzip(bytes)
    } catch (error) {
      throw unreadable(this.source.location, path, error)
    }
  }
}

/** STATIC_INDEX_UNREADABLE for a file of the export that could not be read or decompressed (one that already is, as it is). */
function unreadable (location: string, path: string, error: unknown): Error {
  if (error instanceof Error && 'code' in error && error.code === 'STATIC_INDEX_UNREADABLE') return error
  return createError('STATIC_INDEX_UNREADABLE', location, `${path}: ${error instanceof Error ? error.message : String(error)}`)
}

/** Whether bytes start as a gzip member does (an export's files do, unless the browser already decompressed them). */
function isGzip (bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

type DecompressionStreamClass = new (format: 'gzip') => TransformStream<Uint8Array, Uint8Array>

/**
 * The bytes a gzip member holds. The bytes are written straight into the decompression
 * stream: wrapped in a Blob first, Chromium registers each with its browser process, about
 * a millisecond of the page's thread per file, and a query reads twenty.
 */
async function gunzip (bytes: Uint8Array): Promise<Uint8Array> {
  // In every browser since 2023 and in Node 18+; not in @types/node, hence the lookup.
  const Decompression = (globalThis as { DecompressionStream?: DecompressionStreamClass }).DecompressionStream
  if (Decompression === undefined) throw new Error('this browser cannot decompress the index (no DecompressionStream)')
  const decompression = new Decompression('gzip')
  const writer = decompression.writable.getWriter()
  // A damaged member fails both sides: the reading below says so, the writing is let go.
  writer.write(bytes).then(async () => { await writer.close() }).catch(() => {})
  return new Uint8Array(await new Response(decompression.readable).arrayBuffer())
}
