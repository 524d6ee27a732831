import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAnalyzer } from '../../../src/analysis/analyzer.js'
import { dictionarySummary, jiebaModelFiles, readQueryModelFiles } from '../../../src/analysis/segment/chinese-segmenter.js'
import { partialJiebaModel } from '../../../src/analysis/segment/jieba-model.js'
import { jiebaCut } from '../../../src/analysis/segment/jieba-port.js'
import { splitScriptRuns } from '../../../src/analysis/segment/script-runs.js'
import { SEED_PAGE } from '../../helpers/cli-process.js'
import { sharedData } from '../../helpers/shared-data.js'

/*
 * A process that runs one search (`zhsearch search`) cuts its query without loading Jieba:
 * the port of Jieba's cut (jieba-port.ts, also the browser's) over the words of nodejieba's
 * own model files that the query's characters start (partialJiebaModel). It must cut every
 * query as nodejieba does, or a search would answer otherwise in a fresh process than in a
 * server: the same words, in the same order, for the sentences of the default corpus, every
 * query of the judged sets, and random text.
 */
const nodejieba = createRequire(import.meta.url)('nodejieba') as { cut (text: string, hmm: boolean): string[] }
const files = readQueryModelFiles(jiebaModelFiles())
const model = partialJiebaModel(files, dictionarySummary(files.dictionary))
const analyzer = createAnalyzer()

/** The Han runs of a text, as the segmenter is given them (normalized). */
function hanRuns (text: string): string[] {
  return splitScriptRuns(analyzer.normalize(text).text).filter(run => run.kind === 'han').map(run => run.text)
}

function expectSameCut (text: string): void {
  for (const run of hanRuns(text)) expect(jiebaCut(run, model.lookup(run), model.constants), run).toEqual(nodejieba.cut(run, true))
}

const dureader = sharedData('dureader-search-demo')
const cmrc = sharedData('cmrc2018-retrieval')

describe('the cut of a query without Jieba', () => {
  it('cuts every sentence of the default corpus as nodejieba does', () => {
    for (const line of readFileSync(SEED_PAGE, 'utf8').split('\n')) expectSameCut(line)
  })

  it('cuts random text of the corpus\'s characters and of rare ones as nodejieba does', () => {
    const pool = [...new Set(hanRuns(readFileSync(SEED_PAGE, 'utf8')).join(''))]
    const rare = [...'龘靐齉爨麤鱻䲜𠀀𪚥彁']
    const char = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.constantFrom(...rare) })
    fc.assert(fc.property(fc.array(char, { minLength: 1, maxLength: 24 }), chars => expectSameCut(chars.join(''))), { numRuns: 500, seed: 41 })
  })

  it.skipIf(dureader.missing)('cuts every DuReader question as nodejieba does', () => {
    for (const set of ['train', 'dev', 'test']) {
      for (const line of readFileSync(join(dureader.path, `queries.${set}.jsonl`), 'utf8').split('\n')) {
        if (line.trim() !== '') expectSameCut((JSON.parse(line) as { text: string }).text)
      }
    }
  })

  it.skipIf(cmrc.missing)('cuts every CMRC question as nodejieba does', () => {
    for (const set of ['trial', 'dev']) {
      for (const line of readFileSync(join(cmrc.path, `queries.${set}.jsonl`), 'utf8').split('\n')) {
        if (line.trim() !== '') expectSameCut((JSON.parse(line) as { text: string }).text)
      }
    }
  })
})
