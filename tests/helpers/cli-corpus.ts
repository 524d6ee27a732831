import { readFile, writeFile } from 'node:fs/promises'
import { SEED_PAGE } from './cli-process.js'
import { seededRandom } from '../../scripts/lib/seeded-random.js'

/**
 * Writes a JSONL corpus file of `count` articles made of sentences of the seed page,
 * picked by a seeded generator: the same arguments give the same file. Real Chinese text,
 * so that analysis costs what it costs on a real corpus; 1,000 articles keep a reindex
 * busy for a few seconds. `paragraphs` makes longer articles (each paragraph a sentence;
 * by default one or two): 3,000 articles of 10 fill about 4 MB, above the size at which a
 * reindex starts worker threads.
 */
export async function writeGeneratedCorpus (path: string, count: number, seed = 1, options: { paragraphs?: number } = {}): Promise<void> {
  const text = await readFile(SEED_PAGE, 'utf8')
  const sentences = text.split(/(?<=[。！？])|\n/u).map(sentence => sentence.trim()).filter(sentence => sentence.length >= 8 && sentence.length <= 120)
  const random = seededRandom(seed)
  const pick = (): string => sentences[Math.floor(random() * sentences.length)]!
  const lines: string[] = []
  for (let i = 1; i <= count; i++) {
    const paragraphs = Array.from({ length: options.paragraphs ?? 1 + Math.floor(random() * 2) }, () => pick())
    lines.push(JSON.stringify({
      id: `generated-${seed}-${i}`,
      title: `${pick().slice(0, 16)}（第${i}篇）`,
      body: paragraphs.join('\n'),
      date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    }))
  }
  await writeFile(path, `${lines.join('\n')}\n`, 'utf8')
}
