import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { crc32 } from 'node:zlib'
import { createError } from '../../errors.js'
import { type Cut, cutQueryText, overlayUserWords, type Segment } from './user-word-overlay.js'
import { type DictionarySummary, summarizeDictionary } from './jieba-dictionary.js'
import { NODEJIEBA_DICTIONARY_SUMMARY } from './jieba-dictionary-summary.js'
import { type JiebaModelBytes, type JiebaModelTexts, partialJiebaModel } from './jieba-model.js'
import { jiebaCut as jiebaPortCut } from './jieba-port.js'
import { type WordMatch, WordTrie } from './word-trie.js'

export type { Segment } from './user-word-overlay.js'

/** Cuts a run of Chinese text into words. Words concatenate back to the input. */
export interface ChineseSegmenter {
  /** The words of `text`, in order; their concatenation is exactly `text`. */
  cut (text: string): Segment[]
  /**
   * The words of `text` plus the dictionary words inside its longer words
   * (北京市总工会 → 北京, 北京市, 总工会, 工会, …), for the index: a query for 工会
   * then matches 北京市总工会 as a word, not only as characters.
   */
  cutForIndex (text: string): Segment[]
  /** Loads Jieba's dictionary now (about a second) instead of on first use. */
  warmUp (): void
  /**
   * Loads what cutting queries needs, and no more: nothing where Jieba is loaded, else the
   * constants of its model for the port (see cutQueryPiece), tens of milliseconds.
   */
  warmUpQueries (): void
}

interface Jieba {
  DEFAULT_DICT: string
  DEFAULT_HMM_DICT: string
  DEFAULT_USER_DICT: string
  load (options?: { userDict?: string, idfDict?: string, stopWordDict?: string }): void
  cut (sentence: string, hmm?: boolean): string[]
  cutAll (sentence: string): string[]
  cutForSearch (sentence: string, hmm?: boolean): string[]
}

let jieba: Jieba | undefined

/**
 * What nodejieba's keyword extractors read instead of their IDF table (6 MB) and stop
 * words: one line, `的 1`, valid as either. zhsearch extracts no keywords, and nodejieba
 * loads both files with every dictionary: read whole, they cost a third of its load time
 * and ~18 MB a thread.
 */
const UNUSED_EXTRACTOR_FILE = fileURLToPath(new URL('./jieba-extractor-unused.utf8', import.meta.url))

/**
 * nodejieba, loaded on first use: its dictionary takes about a second to load, so a
 * process that never segments never pays for it, and one that does pays once per thread.
 * Its dictionary is never changed: user words are the analyzers' own (see below).
 *
 * A native module that cannot be loaded (installed with --ignore-scripts, built for another
 * Node, copied without its build/ folder) is JIEBA_UNAVAILABLE with Node's reason and the fix.
 */
function loadJieba (): Jieba {
  if (jieba === undefined) {
    let loaded: Jieba
    try {
      loaded = createRequire(import.meta.url)('nodejieba') as Jieba
      // nodejieba aborts the process on a file it cannot open: without ours (a build that did
      // not copy it), its own.
      loaded.load(existsSync(UNUSED_EXTRACTOR_FILE) ? { idfDict: UNUSED_EXTRACTOR_FILE, stopWordDict: UNUSED_EXTRACTOR_FILE } : {})
    } catch (error) {
      throw createError('JIEBA_UNAVAILABLE', nativeLoadReason(error))
    }
    jieba = loaded
  }
  return jieba
}

let queryModel: ReturnType<typeof partialJiebaModel> | undefined

/**
 * Jieba's cut of a piece of a query. In a thread that has loaded Jieba, Jieba's; in one
 * that has not (a process that runs one search: `zhsearch search`, see
 * SearchEngine.openForOneSearch), the same cut by the port of it (jieba-port.ts, the
 * browser's) over the words of nodejieba's own model files that the piece's characters
 * start: read in tens of milliseconds instead of the second Jieba's whole dictionary takes
 * to load. The two agree (tests/unit/analysis/query-cut.test.ts); the index's documents are
 * always cut by Jieba itself.
 */
function cutQueryPiece (piece: string): string[] {
  if (jieba !== undefined) return jieba.cut(piece, true)
  const model = loadQueryModel()
  return jiebaPortCut(piece, model.lookup(piece), model.constants)
}

/** The part of Jieba's model the port reads, loaded once per thread. */
function loadQueryModel (): ReturnType<typeof partialJiebaModel> {
  if (queryModel === undefined) {
    let files: JiebaModelFiles
    try {
      files = jiebaModelFiles()
    } catch (error) {
      throw createError('JIEBA_UNAVAILABLE', nativeLoadReason(error))
    }
    const bytes = readQueryModelFiles(files)
    queryModel = partialJiebaModel(bytes, dictionarySummary(bytes.dictionary))
  }
  return queryModel
}

/** The model's files as partialJiebaModel reads them (the dictionary's 5 MB as bytes: it decodes only the words asked for). */
export function readQueryModelFiles (files: JiebaModelFiles): JiebaModelBytes {
  return { dictionary: readFileSync(files.dictionary), userDictionary: readFileSync(files.userDictionary, 'utf8'), hmm: readFileSync(files.hmm, 'utf8') }
}

/** The summary kept for the installed nodejieba's dictionary when the file is that one (its size and CRC-32), else a scan of it. */
export function dictionarySummary (dictionary: Uint8Array): DictionarySummary {
  const checksum = crc32(dictionary)
  const kept = NODEJIEBA_DICTIONARY_SUMMARY
  return kept.bytes === dictionary.length && kept.crc32 === checksum ? kept : summarizeDictionary(dictionary, checksum)
}

/** The texts of nodejieba's model files. */
export function readJiebaModel (files: JiebaModelFiles): JiebaModelTexts {
  const model = readQueryModelFiles(files)
  return { ...model, dictionary: new TextDecoder('utf-8', { ignoreBOM: true }).decode(model.dictionary) }
}

/**
 * Node's reason for a failed load on one line: nodejieba's own BINDING_NOT_FOUND error wraps
 * the MODULE_NOT_FOUND of its binary (whose message goes on with the require stack), and a
 * binary for another Node version fails in dlopen with a message over several lines.
 */
function nativeLoadReason (error: unknown): string {
  const { code, cause, message } = error instanceof Error ? error as Error & { code?: unknown } : { code: undefined, cause: undefined, message: String(error) }
  const reason = code === 'BINDING_NOT_FOUND' && cause instanceof Error ? cause.message : message
  return reason.split('\nRequire stack:')[0]!.replace(/\s+/g, ' ').trim()
}

let jiebaVersion: string | undefined

/**
 * The installed nodejieba's version (`nodejieba@3.5.8`), part of the analyzer's fingerprint:
 * another version may ship another dictionary and cut otherwise, so an index built with it
 * is rebuilt rather than searched with words it never held. Read from its package.json,
 * once; loads no native code.
 */
export function segmenterVersion (): string {
  jiebaVersion ??= `nodejieba@${(createRequire(import.meta.url)('nodejieba/package.json') as { version: string }).version}`
  return jiebaVersion
}

/** The files of the model nodejieba segments with: its dictionary, its user dictionary and its hidden Markov model. */
export interface JiebaModelFiles {
  dictionary: string
  userDictionary: string
  hmm: string
}

/**
 * Where nodejieba's model is, for a segmenter elsewhere that cuts as it does (the static
 * export's, in the browser). Reads no file and loads no native code.
 */
export function jiebaModelFiles (): JiebaModelFiles {
  const module = createRequire(import.meta.url)('nodejieba') as Jieba
  return { dictionary: module.DEFAULT_DICT, userDictionary: module.DEFAULT_USER_DICT, hmm: module.DEFAULT_HMM_DICT }
}

/** Whether a short string is one word of Jieba's own dictionary (the same for every analyzer). */
const dictionaryWords = new Map<string, boolean>()
function inDictionary (j: Jieba, word: string): boolean {
  let known = dictionaryWords.get(word)
  if (known === undefined) {
    known = j.cutAll(word).includes(word)
    dictionaryWords.set(word, known)
  }
  return known
}

/**
 * Jieba (nodejieba) with its hidden Markov model on, so that names and words missing from
 * the dictionary (天岳恒) come out whole. Only ever given Han text: digits and Latin words
 * are cut by the analyzer before this, since Jieba would split `2025` into single digits.
 *
 * User words belong to this segmenter alone; Jieba's dictionary (one per thread, and
 * nodejieba cannot remove a word from it) is never changed, so two analyzers with different
 * words never change each other's cuts, and worker threads serve any analyzer. They are
 * applied over Jieba's cut: found in the text leftmost-longest (a name is taken out of a line
 * as a reader takes it), each becomes a whole word, and the words Jieba cut across its edges
 * are cut again from what is left of them. A user word that lies inside a longer word of
 * Jieba's (总工会 in 北京市总工会) leaves that word whole and is one of its subwords instead.
 * Subwords of a long word, Jieba's or a user word, are its two- and three-character
 * substrings that are words (of Jieba's dictionary or of the user words), as Jieba's
 * cutForSearch has them.
 */
export function createChineseSegmenter (options: { userWords?: readonly string[] } = {}): ChineseSegmenter {
  const trie = new WordTrie((options.userWords ?? []).filter(word => word !== ''))
  const userSubwords = new Map<string, Segment[]>()

  /** Jieba's own cut of `text`, offsets from `base`; with the subwords of long words for the index. */
  const jiebaCut = (text: string, base: number, forIndex: boolean): Cut[] => {
    const j = loadJieba()
    const words = j.cut(text, true)
    const cuts: Cut[] = []
    let offset = base
    for (const word of words) {
      cuts.push({ word, start: offset, subwords: [] })
      offset += word.length
    }
    if (forIndex && words.some(word => word.length > 2)) attachJiebaSubwords(j, text, cuts)
    return cuts
  }

  /** The subwords of each long word, from Jieba's cutForSearch of the same text. */
  const attachJiebaSubwords = (j: Jieba, text: string, cuts: Cut[]): void => {
    // cutForSearch emits, for each word of cut(), the dictionary words inside it and then
    // the word itself; walking both lists together gives every emitted word its offset.
    let index = 0
    for (const word of j.cutForSearch(text, true)) {
      const whole = cuts[index]
      if (whole === undefined) break
      if (word === whole.word) {
        index++
        continue
      }
      const inner = whole.word.indexOf(word)
      if (inner >= 0) whole.subwords.push({ word, start: whole.start + inner, whole: false })
    }
  }

  /** A user word as a whole word, with its subwords (computed once per word). */
  const userWordCut = (text: string, match: WordMatch, forIndex: boolean): Cut => {
    const word = text.slice(match.start, match.end)
    if (!forIndex) return { word, start: match.start, subwords: [] }
    let inner = userSubwords.get(word)
    if (inner === undefined) {
      const j = loadJieba()
      const chars = [...word]
      inner = []
      for (const size of [2, 3]) {
        if (chars.length <= size) continue
        let start = 0
        for (let i = 0; i + size <= chars.length; i++) {
          const candidate = chars.slice(i, i + size).join('')
          if (inDictionary(j, candidate) || trie.longestAt(candidate, 0) === candidate.length) inner.push({ word: candidate, start, whole: false })
          start += chars[i]!.length
        }
      }
      userSubwords.set(word, inner)
    }
    return { word, start: match.start, subwords: inner.map(sub => ({ ...sub, start: sub.start + match.start })) }
  }

  /** User words inside a long word of Jieba's that contains them: more subwords of it. */
  const addInnerUserWords = (cut: Cut): void => {
    if (cut.word.length <= 2) return
    for (const match of trie.inside(cut.word)) {
      const word = cut.word.slice(match.start, match.end)
      const size = [...word].length
      if (size < 2 || size > 3) continue
      const start = cut.start + match.start
      if (!cut.subwords.some(sub => sub.start === start && sub.word === word)) cut.subwords.push({ word, start, whole: false })
    }
  }

  const segment = (text: string, forIndex: boolean): Cut[] => overlayUserWords(
    text, trie, (piece, base) => jiebaCut(piece, base, forIndex), match => userWordCut(text, match, forIndex),
    cuts => { if (forIndex) for (const cut of cuts) addInnerUserWords(cut) },
  )

  return {
    cut: text => cutQueryText(text, trie, cutQueryPiece),
    cutForIndex: text => segment(text, true).flatMap(cut => [...cut.subwords, { word: cut.word, start: cut.start, whole: true }]),
    // Once per thread: after that, a no-op (a search calls it before its budget starts).
    warmUp: () => { if (jieba === undefined) loadJieba().cut('预热', true) },
    warmUpQueries: () => { if (jieba === undefined) loadQueryModel() },
  }
}
