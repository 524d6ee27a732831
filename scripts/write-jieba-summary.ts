/**
 * Writes src/analysis/segment/jieba-dictionary-summary.ts: what a scan of the installed
 * nodejieba's dictionary finds (jieba-dictionary.ts), so that a process cutting one query
 * need not scan it. Run after nodejieba is upgraded (a unit test says when):
 *
 *   npm run write:jieba-summary
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import { jiebaModelFiles, segmenterVersion } from '../src/analysis/segment/chinese-segmenter.js'
import { summarizeDictionary } from '../src/analysis/segment/jieba-dictionary.js'

const bytes = readFileSync(jiebaModelFiles().dictionary)
const summary = summarizeDictionary(bytes, crc32(bytes))
const target = new URL('../src/analysis/segment/jieba-dictionary-summary.ts', import.meta.url)
writeFileSync(target, `import type { DictionarySummary } from './jieba-dictionary.js'

/**
 * The summary of ${segmenterVersion()}'s jieba.dict.utf8, written by \`npm run write:jieba-summary\`
 * (scripts/write-jieba-summary.ts). Used only for a file of this size and CRC-32; another is scanned.
 */
export const NODEJIEBA_DICTIONARY_SUMMARY: DictionarySummary = {
${Object.entries(summary).map(([key, value]) => `  ${key}: ${JSON.stringify(value).replace(/,/g, ', ')},`).join('\n')}
}
`)
console.log(`wrote ${target.pathname}: ${summary.entries} entries, ${summary.sortedRuns.length} sorted runs`)
