import type { Article } from '../../src/index.js'
import { seededRandom } from '../lib/seeded-random.js'

export { seededRandom }

const SEARCHABLE = /^[\p{L}\p{N}]+$/u

/**
 * `perLength` distinct substrings of each length from `minLength` to `maxLength` characters,
 * cut from article bodies at seeded random places. Only runs of letters and digits (no
 * spaces, no punctuation) are taken: what a person would type as one search term.
 */
export function sampleSubstrings (
  articles: readonly Article[],
  options: { seed: number, perLength: number, minLength?: number, maxLength?: number },
): Array<{ text: string, length: number }> {
  const random = seededRandom(options.seed)
  const bodies = articles.map(article => [...article.body]).filter(chars => chars.length > 0)
  const samples: Array<{ text: string, length: number }> = []
  const seen = new Set<string>()
  for (let length = options.minLength ?? 1; length <= (options.maxLength ?? 6); length++) {
    let taken = 0
    for (let attempt = 0; taken < options.perLength && attempt < options.perLength * 200; attempt++) {
      const chars = bodies[Math.floor(random() * bodies.length)]!
      if (chars.length < length) continue
      const start = Math.floor(random() * (chars.length - length + 1))
      const text = chars.slice(start, start + length).join('')
      if (!SEARCHABLE.test(text) || seen.has(text)) continue
      seen.add(text)
      samples.push({ text, length })
      taken++
    }
  }
  return samples
}
