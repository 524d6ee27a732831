import { readFile, writeFile } from 'node:fs/promises'
import { SEED_PAGE } from './cli-process.js'

/**
 * Writes a JSONL corpus file of `count` articles made of sentences of the seed page,
 * picked by a seeded generator: the same arguments give the same file. Real Chinese text,
 * so that analysis costs what it costs on a real corpus; 1,000 articles keep a reindex
 * busy for a few seconds.
 */
export async function writeGeneratedCorpus (path: string, count: number, seed = 1): Promise<void> {
  const text = await readFile(SEED_PAGE, 'utf8')
  const sentences = text.split(/(?<=[。！？])|\n/u).map(sentence => sentence.trim()).filter(sentence => sentence.length >= 8 && sentence.length <= 120)
  const random = mulberry32(seed)
  const pick = (): string => sentences[Math.floor(random() * sentences.length)]!
  const lines: string[] = []
  for (let i = 1; i <= count; i++) {
    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick())
    lines.push(JSON.stringify({
      id: `generated-${seed}-${i}`,
      title: `${pick().slice(0, 16)}（第${i}篇）`,
      body: paragraphs.join('\n'),
      date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    }))
  }
  await writeFile(path, `${lines.join('\n')}\n`, 'utf8')
}

/** A small seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
function mulberry32 (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
