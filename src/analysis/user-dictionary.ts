import { writeFile } from 'node:fs/promises'
import { createError } from '../errors.js'
import { readOptionalText } from './read-optional-text.js'

/** The file name of the user dictionary inside a corpus folder. */
export const USER_DICTIONARY_FILE = 'user.dict'

const VALID_WORD = /^[^\s]{1,64}$/u

/**
 * Reads the words of a user dictionary: one word per line, optionally followed by a
 * frequency and a part-of-speech tag (Jieba's format: `刘欣欣 10 nr`); `#` starts a
 * comment. A missing file is an empty dictionary.
 */
export async function readUserDictionary (path: string): Promise<string[]> {
  return parseUserDictionary(await readOptionalText(path))
}

/** The words of a user dictionary's text, de-duplicated, in file order. */
export function parseUserDictionary (text: string): string[] {
  const words: string[] = []
  const seen = new Set<string>()
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const word = lineWord(rawLine)
    if (word === undefined || seen.has(word)) continue
    seen.add(word)
    words.push(word)
  }
  return words
}

/** The word a line of a user dictionary gives (NFKC), or undefined for a comment, a blank or an invalid line. */
function lineWord (rawLine: string): string | undefined {
  const line = rawLine.replace(/#.*$/, '').trim()
  if (line === '') return undefined
  const word = line.split(/\s+/)[0]!.normalize('NFKC')
  return VALID_WORD.test(word) ? word : undefined
}

/**
 * Adds words to the user dictionary file, keeping its existing lines; returns the words
 * that were new. Throws INVALID_DICTIONARY_WORD for a word with spaces or over 64 characters.
 */
export async function addUserDictionaryWords (path: string, words: readonly string[]): Promise<string[]> {
  for (const word of words) {
    if (!VALID_WORD.test(word)) throw createError('INVALID_DICTIONARY_WORD', word)
  }
  const text = await readOptionalText(path)
  const existing = new Set(parseUserDictionary(text))
  const added = [...new Set(words.map(word => word.normalize('NFKC')))].filter(word => !existing.has(word))
  if (added.length === 0) return []
  const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`
  await writeFile(path, `${prefix}${added.join('\n')}\n`, 'utf8')
  return added
}

/**
 * Removes words from the user dictionary file: the lines that give them (with their
 * frequency and tag) go, comments and every other line stay as they were; returns the words
 * that were there. A missing file has no words to remove and is not created.
 */
export async function removeUserDictionaryWords (path: string, words: readonly string[]): Promise<string[]> {
  const text = await readOptionalText(path)
  const unwanted = new Set(words.map(word => word.normalize('NFKC')))
  const removed = new Set<string>()
  const kept = text.split('\n').filter(line => {
    const word = lineWord(line.replace(/^\uFEFF/, ''))
    if (word === undefined || !unwanted.has(word)) return true
    removed.add(word)
    return false
  })
  if (removed.size > 0) await writeFile(path, (text.startsWith('\uFEFF') && !kept[0]?.startsWith('\uFEFF') ? '\uFEFF' : '') + kept.join('\n'), 'utf8')
  return [...removed]
}
