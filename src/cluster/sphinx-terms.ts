import { createHash } from 'node:crypto'

/*
 * Keys zhsearch writes into searchd: a hashed token for what is too long to write as it is
 * (cluster-schema.ts, cluster-vocabulary.ts), 60-bit keys of strings (article ids, people,
 * sources) and date keys.
 */

const TOKEN_CACHE_LIMIT = 1 << 20
const tokenCache = new Map<string, string>()

/** The token of a term: two 53-bit hashes in base 36, [0-9a-z]{22}. */
export function termToken (term: string): string {
  let token = tokenCache.get(term)
  if (token === undefined) {
    token = hash53(term, 0x9e3779b9).toString(36).padStart(11, '0') + hash53(term, 0x85ebca6b).toString(36).padStart(11, '0')
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear()
    tokenCache.set(term, token)
  }
  return token
}

/** cyrb53: a fast 53-bit string hash (public domain, bryc). */
function hash53 (text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/**
 * A stable 60-bit key of a string, as a decimal string (Sphinx's document ids and 64-bit
 * attributes): the article id's document id, a person's or a source's key.
 */
export function stringKey (text: string): string {
  const key = BigInt(`0x${createHash('sha1').update(text).digest('hex').slice(0, 15)}`)
  return (key === 0n ? 1n : key).toString()
}

/** The date of an article as a number that compares as the engine compares dates (YYYYMMDD, missing parts 00); 0 when there is none. */
export function dateKey (date: string | undefined): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date ?? '')
  if (match === null) return 0
  return Number(match[1]) * 10000 + Number(match[2] ?? 0) * 100 + Number(match[3] ?? 0)
}

/** The last date key a `dateTo` filter lets through (its missing parts as 99). */
export function dateToKey (dateTo: string): number {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(dateTo)!
  return Number(match[1]) * 10000 + (match[2] !== undefined ? Number(match[2]) : 99) * 100 + (match[3] !== undefined ? Number(match[3]) : 99)
}
