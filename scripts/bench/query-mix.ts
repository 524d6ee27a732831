/**
 * The fixed query mix: what readers type, drawn from the corpus with a seeded generator so
 * that every run (and every engine in a run) gets the same queries.
 *
 *   substring     1-6 Han characters cut from an article (40%)
 *   multi-term    two 2-3 character pieces of one article, space-separated (15%)
 *   phrase        "4-8 characters" in quotes (15%)
 *   no-match      2 + 2 characters from two different articles, glued (15%; grep decides)
 *   other script  2-4 characters in the other script: traditional for a simplified text,
 *                 simplified for a traditional one (the poems) (15%)
 */
import * as OpenCC from 'opencc-js'
import type { BenchArticle, BenchQuery, QueryKind } from './types.js'
import { seededRandom } from '../lib/seeded-random.js'

const HAN = /^\p{Script=Han}+$/u

const SHARES: Array<[QueryKind, number]> = [['substring', 0.4], ['multi-term', 0.15], ['phrase', 0.15], ['no-match', 0.15], ['other script', 0.15]]

/** Pieces of the articles' bodies, drawn with the seeded generator. */
interface Cutter {
  next: () => number
  pick: <T>(list: readonly T[]) => T
  /** Articles long enough to cut from. */
  withBody: BenchArticle[]
  /** A run of Han characters of the given length from one article's body (or undefined). */
  cut: (article: BenchArticle, length: number) => string | undefined
  /** The same from some article. */
  cutAny: (length: number) => string
  /** A length from min to max. */
  length: (min: number, max: number) => number
}

function cutter (articles: readonly BenchArticle[], next: () => number): Cutter {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const withBody = articles.filter(article => article.body.length >= 8)
  if (withBody.length === 0) throw new Error('the corpus has no article with a body of 8 characters or more')
  const cut = (article: BenchArticle, length: number): string | undefined => {
    for (let tries = 0; tries < 20; tries++) {
      const start = Math.floor(next() * Math.max(1, article.body.length - length))
      const piece = article.body.slice(start, start + length)
      if (piece.length === length && HAN.test(piece)) return piece
    }
    return undefined
  }
  const cutAny = (length: number): string => {
    for (;;) {
      const piece = cut(pick(withBody), length)
      if (piece !== undefined) return piece
    }
  }
  return { next, pick, withBody, cut, cutAny, length: (min, max) => min + Math.floor(next() * (max - min + 1)) }
}

/** One query of each kind, or undefined when this draw does not give one. */
function makers ({ pick, withBody, cut, cutAny, length }: Cutter, normalize: (text: string) => string): Record<QueryKind, () => BenchQuery | undefined> {
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' })
  return {
    substring: () => {
      const piece = cutAny(length(1, 6))
      return { kind: 'substring', query: piece, needles: [piece] }
    },
    'multi-term': () => {
      const article = pick(withBody)
      const first = cut(article, length(2, 3))
      const second = cut(article, length(2, 3))
      if (first === undefined || second === undefined || first.includes(second) || second.includes(first)) return undefined
      return { kind: 'multi-term', query: `${first} ${second}`, needles: [first, second] }
    },
    phrase: () => {
      const piece = cutAny(length(4, 8))
      return { kind: 'phrase', query: `"${piece}"`, needles: [piece] }
    },
    'no-match': () => {
      const piece = cutAny(2) + cutAny(2)
      return { kind: 'no-match', query: piece, needles: [piece] }
    },
    'other script': () => {
      const piece = cutAny(length(2, 4))
      const simplified = normalize(piece)
      const swapped = simplified !== piece ? simplified : toTraditional(piece)
      if (swapped === piece) return undefined
      return { kind: 'other script', query: swapped, needles: [swapped] }
    },
  }
}

/**
 * Draws `count` queries. `normalize` is the library's (NFKC, lowercase, traditional →
 * simplified), used to tell whether a piece of text is written in traditional characters.
 */
export function queryMix (articles: readonly BenchArticle[], count: number, normalize: (text: string) => string, seed = 20_261_201): BenchQuery[] {
  const pieces = cutter(articles, seededRandom(seed))
  const make = makers(pieces, normalize)
  const queries: BenchQuery[] = []
  for (const [kind, share] of SHARES) {
    const wanted = kind === 'substring' ? count - SHARES.slice(1).reduce((sum, [, s]) => sum + Math.round(count * s), 0) : Math.round(count * share)
    let made = 0
    for (let tries = 0; made < wanted && tries < wanted * 200; tries++) {
      const query = make[kind]()
      if (query === undefined) continue
      queries.push(query)
      made++
    }
  }
  // Interleave the kinds (seeded), so that a timing pass does not run one kind after another.
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(pieces.next() * (i + 1))
    ;[queries[i], queries[j]] = [queries[j]!, queries[i]!]
  }
  return queries
}
