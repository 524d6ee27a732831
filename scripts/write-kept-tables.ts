/**
 * Writes what zhsearch keeps of its dependencies' data so that a process need not compute
 * it at every start, each for the version it was made from (unit tests say when one is
 * out of date; a file or version that differs is computed at run time instead):
 *
 *   src/analysis/segment/jieba-dictionary-summary.ts   a scan of nodejieba's dictionary (jieba-dictionary.ts)
 *   src/analysis/normalize/opencc-changing.ts          the code points OpenCC's traditional → simplified tables change
 *
 *   npm run write:kept-tables      (after upgrading nodejieba or opencc-js)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import { changingCodePoints, toDeltas } from '../src/analysis/normalize/changed-runs.js'
import { openccVersion, simplifiedChineseTables } from '../src/analysis/normalize/simplified-chinese.js'
import { jiebaModelFiles, segmenterVersion } from '../src/analysis/segment/chinese-segmenter.js'
import { summarizeDictionary } from '../src/analysis/segment/jieba-dictionary.js'

function write (path: string, text: string, what: string): void {
  const target = new URL(`../src/${path}`, import.meta.url)
  writeFileSync(target, text)
  console.log(`wrote src/${path}: ${what}`)
}

const bytes = readFileSync(jiebaModelFiles().dictionary)
const summary = summarizeDictionary(bytes, crc32(bytes))
write('analysis/segment/jieba-dictionary-summary.ts', `import type { DictionarySummary } from './jieba-dictionary.js'

/**
 * The summary of ${segmenterVersion()}'s jieba.dict.utf8, written by \`npm run write:kept-tables\`
 * (scripts/write-kept-tables.ts). Used only for a file of this size and CRC-32; another is scanned.
 */
export const NODEJIEBA_DICTIONARY_SUMMARY: DictionarySummary = {
${Object.entries(summary).map(([key, value]) => `  ${key}: ${JSON.stringify(value).replace(/,/g, ', ')},`).join('\n')}
}
`, `${summary.entries} entries, ${summary.sortedRuns.length} sorted runs`)

const codes = changingCodePoints(simplifiedChineseTables())
write('analysis/normalize/opencc-changing.ts', `/**
 * The code points that ${openccVersion()}'s traditional → simplified tables change (changingCodePoints),
 * as differences from the one before (toDeltas), written by \`npm run write:kept-tables\`
 * (scripts/write-kept-tables.ts): a text holding none converts to itself, so a process
 * need not load OpenCC for it. Used only with that version of opencc-js.
 */
export const OPENCC_CHANGING = {
  version: '${openccVersion()}',
  codePoints: ${JSON.stringify(toDeltas(codes))},
}
`, `${codes.length} code points`)
