/**
 * The index loader thread: opens an index folder (manifest, checksums, every segment) and
 * holds the result until told where to send it. It never segments text, so it never
 * loads Jieba's dictionary, which nodejieba does not free when a thread ends: this thread
 * can be terminated when an open takes too long (a hostile segment whose decoding spins)
 * and replaced, and what it held is returned to the system.
 *
 * Requests: `load` (answers `unchanged` when the folder's build is `unlessBuild`, without
 * reading the segments; else `loaded`), then `send` (to a port, or back in the answer) or
 * `drop`.
 */
import { type MessagePort, parentPort } from 'node:worker_threads'
import { loadIndex, readManifest } from '../indexing/index-load.js'
import { type PackedIndex, packIndex } from '../indexing/index-transfer.js'
import { type Answer, answerRequests, postTransferring } from '../threads/thread-link.js'

/** What a load found. */
export type LoadResult =
  | { status: 'unchanged', build: string }
  | { status: 'loaded', build: string, documents: number }

const held = new Map<number, { packed: PackedIndex, transfer: ArrayBuffer[] }>()

answerRequests(parentPort!, async (message): Promise<Answer> => {
  switch (message.type) {
    case 'load': {
      const { indexDir, unlessBuild } = message as unknown as { indexDir: string, unlessBuild?: string }
      if (unlessBuild !== undefined) {
        const { build } = await readManifest(indexDir)
        if (build === unlessBuild) return { value: { status: 'unchanged', build } satisfies LoadResult }
      }
      const { index, manifest } = await loadIndex(indexDir)
      if (manifest.build === unlessBuild) return { value: { status: 'unchanged', build: manifest.build } satisfies LoadResult }
      held.set(message.id, packIndex(index, manifest))
      return { value: { status: 'loaded', build: manifest.build, documents: index.size } satisfies LoadResult }
    }
    case 'send': {
      const { load, port } = message as unknown as { load: number, port?: MessagePort }
      const item = held.get(load)
      if (item === undefined) throw new Error(`no loaded index ${load} to send`)
      held.delete(load)
      if (port === undefined) return { value: item.packed, transfer: item.transfer }
      postTransferring(port, item.packed, item.transfer)
      return {}
    }
    case 'drop':
      held.delete((message as unknown as { load: number }).load)
      return {}
    default:
      throw new Error(`the index loader has no request ${String(message.type)}`)
  }
})
