/**
 * The engines zhsearch is measured against, each built on the same articles and asked the
 * same queries:
 *
 *   baseline    MiniSearch 7.2, default options, nodejieba `cut` (HMM on) as tokenizer
 *               (spaces and punctuation dropped), fields title + body, the text stored
 *               (storeFields), the articles' string ids, AND of the query's words
 *   flexsearch  FlexSearch 0.8 Document, fields title + body, Charset.CJK encoder,
 *               `context: true`, the documents stored, numeric ids (as its docs advise)
 *   scan        grep: every article's normalized text (the library's `normalize`) kept in
 *               memory, each query answered by `includes()` over all of it
 *
 * Peers have no kicker and byline fields: those (where a corpus has them) are put in front
 * of the body, so that every engine holds the text grep reads. Peers cut no snippets.
 */
import { createRequire } from 'node:module'
import { Charset, Document } from 'flexsearch'
import MiniSearch from 'minisearch'
import { FIELDS } from './common.js'
import type { BenchArticle, BenchQuery } from './types.js'

export interface Peer {
  /** Indexes the articles (their ordinal in the list is their number). */
  build (articles: readonly BenchArticle[]): void
  /** The first page: the ordinals of up to 10 best hits. */
  page (query: BenchQuery): number[]
  /** Every hit, for recall. */
  all (query: BenchQuery): Iterable<number>
}

export type PeerName = 'baseline' | 'flexsearch' | 'scan'

interface Jieba { cut: (text: string, hmm?: boolean) => string[] }
let loaded: Jieba | undefined
/** nodejieba, loaded on first use: its dictionary takes ~300 MiB, which FlexSearch and the scan do without. */
export function jieba (): Jieba {
  return (loaded ??= createRequire(import.meta.url)('nodejieba') as Jieba)
}

/** Body with the kicker and byline in front (peers have two fields). */
const peerBody = (article: BenchArticle): string =>
  article.kicker === undefined && article.byline === undefined ? article.body : [article.kicker, article.byline, article.body].filter(text => text !== undefined && text !== '').join('\n')

/** A query as a peer reads it: without zhsearch's quote syntax. */
const plain = (query: BenchQuery): string => query.query.replaceAll('"', ' ').trim()

/** Words with a letter or digit: jieba also returns spaces and punctuation as words. */
const WORDLIKE = /[\p{L}\p{N}]/u

export function createPeer (name: PeerName, normalize: (text: string) => string): Peer {
  switch (name) {
    case 'baseline': return miniSearchPeer()
    case 'flexsearch': return flexSearchPeer()
    case 'scan': return scanPeer(normalize)
  }
}

function miniSearchPeer (): Peer {
  let index: MiniSearch<{ id: string, n: number, title: string, body: string }> | undefined
  const search = (query: BenchQuery): number[] => index!.search(plain(query), { combineWith: 'AND' }).map(result => result.n as number)
  return {
    build (articles) {
      // The articles' own (string) ids as zhsearch keeps them; the ordinal rides along as a stored field.
      index = new MiniSearch({
        fields: ['title', 'body'],
        storeFields: ['n', 'title', 'body'],
        tokenize: text => jieba().cut(text, true).filter(word => WORDLIKE.test(word)),
      })
      index.addAll(articles.map((article, n) => ({ id: article.id, n, title: article.title, body: peerBody(article) })))
    },
    page: query => search(query).slice(0, 10),
    all: search,
  }
}

function flexSearchPeer (): Peer {
  type Doc = { n: number, title: string, body: string }
  let index: Document<Doc> | undefined
  let size = 0
  const search = (query: BenchQuery, limit: number): number[] => {
    const merged = new Set<number>()
    // One result list per field, title first; a document found in both counts once.
    for (const field of index!.search(plain(query), { limit })) for (const id of field.result) merged.add(id as number)
    return [...merged]
  }
  return {
    build (articles) {
      index = new Document<Doc>({
        document: { id: 'n', index: ['title', 'body'], store: true },
        encoder: Charset.CJK,
        context: true,
      })
      articles.forEach((article, n) => { index!.add({ n, title: article.title, body: peerBody(article) }) })
      size = articles.length
    },
    page: query => search(query, 10).slice(0, 10),
    all: query => search(query, Math.max(1, size)),
  }
}

function scanPeer (normalize: (text: string) => string): Peer {
  // Each article's fields, normalized, joined by NUL (which no needle contains), so one
  // includes() per needle reads the whole article without matching across fields.
  let texts: string[] = []
  const search = (query: BenchQuery): number[] => {
    const needles = query.needles.map(normalize)
    const found: number[] = []
    for (let n = 0; n < texts.length; n++) {
      const text = texts[n]!
      if (needles.every(needle => text.includes(needle))) found.push(n)
    }
    return found
  }
  return {
    build (articles) {
      texts = articles.map(article => FIELDS.map(field => normalize(article[field] ?? '')).join('\u0000'))
    },
    page: query => search(query).slice(0, 10),
    all: search,
  }
}
