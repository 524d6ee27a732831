/**
 * The benchmark suite: zhsearch and its peers on real corpora, measured in the same run on
 * the same machine, three tables per corpus (indexing, searching, HTTP), medians of
 * repeated runs, ratios. Never run by `npm test`.
 *
 *   npm run bench                       all corpora (default, news, poetry10k, poetry100k, poetry)
 *   npm run bench:quick                 small slices, one run each: a few minutes
 *   npm run bench -- --corpora default,news3m,poetry10k --repeat 3 --skip http
 *
 * Options (settings.ts): --corpora (default, news, news<N>m, poetry, poetry<N>k), --repeat N
 * (reindexes, peer builds, passes, fresh searches), --passes N (timed passes over the query
 * mix), --queries N, --workers 1,2, --http-seconds N (per route), --connections N, --skip
 * http,peers,incremental,fresh, --news-dir DIR, --cache DIR (where chinese-poetry is
 * installed), --out DIR, --timeout-min N, --keep (keep the temporary folders).
 *
 * Per corpus, in this order (measure-corpus.ts):
 *   1. the corpus folder is written to a temporary folder; its articles read back with `readCorpus`
 *   2. the query mix is drawn (query-mix.ts)
 *   3. jieba: raw single-core `nodejieba.cut` over the text fields (the limit), and zhsearch's
 *      analysis alone over the same text, one thread, each in a child
 *   4. scan (grep): builds, times the mix and writes grep's answers, in a child
 *   5. `zhsearch reindex --full --workers N` through the built CLI, measured from outside
 *      (wall, VmHWM) and by its own summary, interleaved over the worker counts; after each,
 *      one article of one file is changed and an incremental reindex runs on a copy of that index
 *   6. index size on disk (every file in the index folder); `zhsearch search` in a fresh
 *      process, timed from spawn to exit; in a child: `SearchEngine.open`, the heap it adds
 *      (heapUsed + external after a GC, minus before), the mix's p50/p95/p99/mean (limit 10,
 *      with snippets), every hit of each query and recall against grep, `save` into an empty
 *      folder; `zhsearch serve` from spawn to its first answer, then requests/s and latency
 *      under autocannon per route (search, suggest, document, healthz; http.ts)
 *   7. baseline (MiniSearch + jieba) and FlexSearch, each in a child
 * Results go to stdout (markdown) and to <out>/latest.json and latest.md, with a dated copy
 * of each (bench-results/ by default, git-ignored).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { requireBuild } from './common.js'
import { logger } from './log.js'
import { benchCorpus } from './measure-corpus.js'
import { corpusMarkdown } from './report.js'
import { readSettings, USAGE } from './settings.js'
import type { CorpusResult } from './types.js'

const log = logger('bench')
const settings = readSettings()
if (settings === undefined) {
  console.log(USAGE)
  process.exit(0)
}
requireBuild()
const machine = machineAtStart()
const shown = { ...settings, skip: [...settings.skip] }
log(`settings: ${JSON.stringify(shown)}`)
const results: CorpusResult[] = []
const markdown: string[] = []
const stamp = new Date().toISOString().slice(0, 16).replace(':', '')

/** Writes what is measured so far (after every corpus, so an interrupted run keeps its tables). */
async function save (out: string): Promise<void> {
  await mkdir(out, { recursive: true })
  const json = JSON.stringify({ date: new Date().toISOString(), machine: { ...machine, loadAverageAtEnd: loadavg() }, settings: shown, corpora: results }, null, 2)
  const text = [...markdown, machineLine(machine)].join('\n\n')
  for (const base of ['latest', `bench-${stamp}`]) {
    await writeFile(join(out, `${base}.json`), json)
    await writeFile(join(out, `${base}.md`), `${text}\n`)
  }
}

for (const name of settings.corpora) {
  const work = await mkdtemp(join(tmpdir(), `zhsearch-bench-${name}-`))
  try {
    const result = await benchCorpus(name, work, settings)
    results.push(result)
    const text = corpusMarkdown(result, settings)
    markdown.push(text)
    console.log(`\n${text}`)
    await save(settings.outDir)
  } catch (error) {
    log(`corpus ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
  } finally {
    if (settings.keep) log(`kept ${work}`)
    else await rm(work, { recursive: true, force: true })
  }
}
console.log(`\n${machineLine(machine)}`)
await save(settings.outDir)
log(`results: ${join(settings.outDir, 'latest.json')} and latest.md (also kept as bench-${stamp}.*)`)
