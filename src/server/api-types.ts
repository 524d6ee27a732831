/**
 * The JSON shapes of the HTTP API, shared by the routes that send them and the page that
 * reads them. Types only: the page's compiled script imports nothing at run time.
 */
import type { Article } from '../internal.js'

export type { SearchResponse, SearchHit, FacetCount } from '../internal.js'

/** `GET /api/suggest`. */
export interface SuggestResponse {
  query: string
  /** Index words that start with the typed text (normalized: simplified characters), then words whose pinyin starts with it. */
  words: string[]
  titles: Array<{ id: string, title: string }>
}

/** `GET /api/documents/:id`: the article without its raw body, plus highlighted HTML. */
export type DocumentResponse = Omit<Article, 'body'> & {
  /** Body paragraphs as plain text. */
  paragraphs: string[]
  /** Escaped HTML with the terms of `q` in `<mark>`: what the page shows. */
  html: { title: string, kicker?: string, byline?: string, paragraphs: string[] }
}

/** `GET /api/stats`. */
export interface StatsResponse {
  documents: number
  terms: number
  sizeBytes?: number
  builtAt?: string
  ageSeconds?: number
  build?: string
  buildMs?: number
  /** When the server loaded the live index. */
  loadedAt: string
  /** How many times the server swapped to a new index since it started. */
  reloads: number
  /** The last reload attempt (absent before the first): what asked for it and how it ended. */
  lastReload?: {
    status: 'reloaded' | 'unchanged' | 'refused'
    /** `SIGHUP`, `manifest changed` (the watcher) or `requested`. */
    reason: string
    at: string
    ms: number
    build?: string
    /** The code a refused index was refused with (INDEX_CORRUPT, INDEX_OPEN_TIMEOUT, …). */
    error?: string
  }
  /** The server process, to watch over months: memory and OS threads should stay flat across reloads. */
  process: {
    /** Resident memory of the whole process (every thread). */
    rssBytes: number
    /** OS threads of the process (Linux; absent elsewhere): Node's own, libuv's pool, and the search and loader threads. */
    threads?: number
    uptimeSeconds: number
    /** V8's heap of the server's own thread; `externalBytes` is memory of its buffers. */
    heap: { usedBytes: number, totalBytes: number, externalBytes: number }
    /** The same for the search thread, which holds the index (its typed arrays are external). */
    searchThreadHeap?: { usedBytes: number, totalBytes: number, externalBytes: number }
  }
}

/** `GET /healthz`: 200 with `ok`, 503 with `unavailable` and the reason. */
export interface HealthResponse {
  status: 'ok' | 'unavailable'
  documents?: number
  /** Why the server cannot answer every search now: no index loaded, the cluster's head or a whole shard not answering. */
  reason?: string
  /** For a cluster: the shards (numbered from 0) none of whose replicas answers. */
  missingShards?: number[]
}

/** Every 4xx/5xx answer of the API. */
export interface ErrorResponse {
  error: { code: string, message: string }
}
