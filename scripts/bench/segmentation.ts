/**
 * How the analyzer segments, with and without user words (issue 20, item 5):
 *
 *   npm run bench:segmentation -- dump --out before.json   words of the default corpus and 1,000 news items
 *   npm run bench:segmentation -- compare before.json after.json
 *   npm run bench:segmentation -- sighan [--words 0|pku]    word-span P/R/F on SIGHAN 2005 PKU (internal data)
 *
 * `dump` writes, for each article, the index-side words of its text fields (title, kicker,
 * byline, body; whole words and subwords) with the corpus's own user.dict; `compare` counts what changed between two
 * dumps (say, before and after a change to the segmenter) and shows examples. `sighan` cuts
 * the PKU test set with `analyze` and scores its words against the gold segmentation, with no
 * user words or with the PKU training words as user words (55,303), and times the build of
 * the analyzer. Each run is its own process: nothing is shared with another configuration.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createAnalyzer, readCorpus, readUserDictionary } from '../../src/internal.js'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { ROOT, SHARED_DATA } from '../lib/paths.js'
import { readNews } from '../lib/xwlb-news.js'

const USAGE = 'usage: npm run bench:segmentation -- dump --out FILE | compare BEFORE AFTER | sighan [--words 0|pku]'
const { positionals, values: args } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, words: { type: 'string', default: '0' }, help: { type: 'boolean', default: false } } })

type Dump = Record<string, string[]>

async function dump (out: string): Promise<void> {
  const corpus = await readCorpus(join(ROOT, 'corpus'))
  const userWords = await readUserDictionary(join(ROOT, 'corpus', 'user.dict'))
  const news = await readNews(2024, 1000)
  const analyzer = createAnalyzer({ userWords })
  const started = performance.now()
  const words: Dump = {}
  for (const article of [...corpus.articles, ...news]) {
    const { title, kicker = '', byline = '', body } = article
    words[article.id] = [title, kicker, byline, body].flatMap(text => {
      const indexed = analyzer.indexText(text)
      return indexed.words.map((word, i) => indexed.whole[i] === true ? word : `(${word})`)
    })
  }
  console.log(`${Object.keys(words).length} articles analyzed in ${Math.round(performance.now() - started)} ms with ${userWords.length} user words`)
  await writeFile(out, JSON.stringify(words))
}

async function compare (beforeFile: string, afterFile: string): Promise<void> {
  const before = JSON.parse(await readFile(beforeFile, 'utf8')) as Dump
  const after = JSON.parse(await readFile(afterFile, 'utf8')) as Dump
  let changedArticles = 0
  let words = 0
  let differing = 0
  const examples: string[] = []
  for (const [id, a] of Object.entries(before)) {
    const b = after[id] ?? []
    words += a.length
    const count = (list: string[]): Map<string, number> => list.reduce((map, word) => map.set(word, (map.get(word) ?? 0) + 1), new Map<string, number>())
    const ca = count(a)
    const cb = count(b)
    let diff = 0
    for (const [word, n] of ca) diff += Math.max(0, n - (cb.get(word) ?? 0))
    for (const [word, n] of cb) diff += Math.max(0, n - (ca.get(word) ?? 0))
    if (diff > 0) {
      changedArticles++
      differing += diff
      if (examples.length < 12) {
        const gone = [...ca].filter(([word, n]) => n > (cb.get(word) ?? 0)).map(([word]) => word).slice(0, 6)
        const come = [...cb].filter(([word, n]) => n > (ca.get(word) ?? 0)).map(([word]) => word).slice(0, 6)
        examples.push(`${id}: − ${gone.join(' ')}  + ${come.join(' ')}`)
      }
    }
  }
  console.log(`${changedArticles} of ${Object.keys(before).length} articles segment differently; ${differing} word occurrences differ of ${words} (${(100 * differing / Math.max(1, words)).toFixed(3)}%); subwords in parentheses`)
  for (const example of examples) console.log(`  ${example}`)
}

async function sighan (words: string): Promise<void> {
  const dir = join(SHARED_DATA, 'sighan2005-pku-msr')
  const userWords = words === 'pku' ? (await readFile(join(dir, 'pku_training_words.utf8'), 'utf8')).split('\n').map(word => word.trim()).filter(word => word !== '') : []
  const gold = (await readFile(join(dir, 'pku_test_gold.utf8'), 'utf8')).split('\n')
  const started = performance.now()
  const analyzer = createAnalyzer({ userWords })
  analyzer.warmUp()
  const readyMs = performance.now() - started
  let correct = 0
  let predicted = 0
  let expected = 0
  const cutStarted = performance.now()
  for (const line of gold) {
    const goldWords = line.split(/\s+/).filter(word => word !== '')
    const text = goldWords.join('')
    const spans = new Set<string>()
    let at = 0
    for (const word of goldWords) {
      // Punctuation is not a term: gold words without a letter, digit or ideograph are skipped.
      if (/[\p{L}\p{N}]/u.test(word)) spans.add(`${at}:${at + word.length}`)
      at += word.length
    }
    const cut = analyzer.analyze(text).filter(token => token.kind === 'word' || token.kind === 'alnum')
    expected += spans.size
    predicted += cut.length
    for (const token of cut) if (spans.has(`${token.start}:${token.end}`)) correct++
  }
  const p = correct / predicted
  const r = correct / expected
  console.log(`SIGHAN 2005 PKU test, user words: ${userWords.length}: P=${p.toFixed(3)} R=${r.toFixed(3)} F=${(2 * p * r / (p + r)).toFixed(3)}; analyzer ready in ${Math.round(readyMs)} ms, cut in ${Math.round(performance.now() - cutStarted)} ms`)
}

const machine = machineAtStart()
const [command, ...rest] = positionals
if (args.help) console.log(USAGE)
else if (command === 'dump' && args.out !== undefined) await dump(args.out)
else if (command === 'compare' && rest.length === 2) await compare(rest[0]!, rest[1]!)
else if (command === 'sighan') await sighan(args.words)
else throw new Error(USAGE)
if (command === 'dump' || command === 'sighan') console.log(machineLine(machine))
