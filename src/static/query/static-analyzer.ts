import { fromDeltas, holdsCodePoint } from '../../analysis/normalize/changed-runs.js'
import { type ChineseTables, createChineseConverter } from '../../analysis/normalize/chinese-tables.js'
import { foldCharacters } from '../../analysis/normalize/fold-characters.js'
import { simplifyText } from '../../analysis/normalize/simplify-text.js'
import { queryWordsOf } from '../../analysis/word-walk.js'
import { splitScriptRuns } from '../../analysis/segment/script-runs.js'
import { cutQueryText } from '../../analysis/segment/user-word-overlay.js'
import { WordTrie } from '../../analysis/segment/word-trie.js'
import { createError, describeValue } from '../../errors.js'
import type { QueryAnalyzer } from '../../searcher/backend.js'
import { bucketKey, type JiebaHeader, type StaticManifest, type VocabularyBucket } from '../format.js'
import { type JiebaConstants, jiebaCut } from '../../analysis/segment/jieba-port.js'

/** The vocabulary buckets an analysis reads: those of the keys a text needs, loaded before it runs. */
export interface LoadedBuckets {
  /** The bucket of a key (bucketKey), which must have been loaded. */
  bucketOf (key: string): VocabularyBucket
}

/** OpenCC's tables (index/chinese), once loaded: a text that needsTables is analyzed only after. */
export interface LoadedTables {
  tables (): ChineseTables | undefined
}

/** The browser's stand-in for the analyzer, and what a text needs loaded first. */
export interface StaticAnalyzer extends QueryAnalyzer {
  /** Whether normalizing `text` reads OpenCC's tables: it holds a character they change. */
  needsTables (text: string): boolean
  /** The bucket keys (characters and adjacent pairs of its Han runs) the analysis of `text` reads (its tables loaded first, if it needs them). */
  keysOf (text: string): string[]
}

/**
 * Reads queries the way the index's analyzer does, without Jieba or OpenCC's dictionaries:
 * the same character folds, OpenCC's own conversion over the tables the export ships (for
 * a text holding a character they change; any other converts to itself),
 * Jieba's cut ported to JavaScript over the dictionary words and emissions of the query's
 * characters (analysis/segment/jieba-port.ts), and the index's user words over it, by the same functions the
 * analyzer runs. The vocabulary buckets of a text are loaded before it is analyzed
 * (keysOf), and the tables of a text that needs them: the analysis itself is synchronous,
 * as the analyzer's is.
 */
export function createStaticAnalyzer (manifest: Pick<StaticManifest, 'changing' | 'jieba' | 'userWords'>, buckets: LoadedBuckets, loaded: LoadedTables): StaticAnalyzer {
  const changing = new Set(fromDeltas(manifest.changing))
  const changes = (text: string): boolean => holdsCodePoint(text, changing)
  let convertTables: ((text: string) => string) | undefined
  const convert = (text: string): string => {
    if (!changes(text)) return text
    if (convertTables === undefined) {
      const tables = loaded.tables()
      if (tables === undefined) throw new Error(`static index: ${JSON.stringify(text)} was normalized before OpenCC's tables were loaded`)
      convertTables = createChineseConverter(tables)
    }
    return convertTables(text)
  }
  const constants = jiebaConstants(manifest.jieba)
  const weight = (frequency: number): number => Math.log((frequency < 0 ? manifest.jieba.medianFrequency : frequency) / manifest.jieba.frequencySum)
  const lookup = {
    weight: (word: string) => {
      const frequency = buckets.bucketOf(bucketKey(word)).jieba[word]
      return frequency === undefined ? undefined : weight(frequency)
    },
    emissions: (char: string) => buckets.bucketOf(char).emissions[char],
  }
  const trie = new WordTrie(manifest.userWords)
  const normalize = (text: string): string => simplifyText(foldCharacters(text).text, convert).text
  const check = (text: unknown, method: string): string => {
    if (typeof text !== 'string') throw createError('INVALID_REQUEST', `${method} takes a string, not ${describeValue(text)}`)
    return text
  }
  return {
    needsTables: text => changes(foldCharacters(text).text),
    normalizeTerm: term => normalize(check(term, 'normalizeTerm()')),
    queryWords: text => queryWordsOf(normalize(check(text, 'queryWords()')), run => cutQueryText(run, trie, piece => jiebaCut(piece, lookup, constants))),
    keysOf: text => {
      const keys = new Set<string>()
      for (const run of splitScriptRuns(normalize(text))) {
        if (run.kind !== 'han') continue
        const chars = [...run.text]
        chars.forEach((char, i) => {
          keys.add(char)
          if (i + 1 < chars.length) keys.add(char + chars[i + 1]!)
        })
      }
      return [...keys]
    },
  }
}

/** The constants of the cut from the numbers an export ships. */
export function jiebaConstants (header: JiebaHeader): JiebaConstants {
  return {
    minWeight: Math.log(header.minFrequency / header.frequencySum),
    start: header.start,
    transitions: header.transitions,
    userSingleCharacters: new Set(header.userSingleCharacters),
    maxWordLength: header.maxWordLength,
  }
}
