import { join } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import { corpusOption, FolderSchema, indexOption, jsonOption, parseOptions } from '../cli-options.js'
import { folder, plural, quoteArgument } from '../format.js'
import { examplesAndNotes } from '../help.js'
import { loadLibrary } from '../library.js'
import { stylesFor, writeJson, writeLines } from '../output.js'

/** The file name of the user dictionary in the corpus folder, for the help (the library says it too, once loaded). */
const DICTIONARY_FILE = 'user.dict'

const DictAddOptionsSchema = z.object({
  words: z.array(z.string()).min(1),
  corpus: FolderSchema,
  index: FolderSchema,
  json: z.boolean(),
})

const DictListOptionsSchema = z.object({
  corpus: FolderSchema,
  json: z.boolean(),
})

/** `zhsearch dict add|list`: the user dictionary (`user.dict` in the corpus folder). */
export function createDictCommand (): Command {
  const dict = new Command('dict')
    .summary('manage the user dictionary (names and terms of the corpus)')
    .description(`The user dictionary is ${DICTIONARY_FILE} in the corpus folder: one word per line, which Jieba then keeps whole (names of people, places, organisations, terms of the trade). It decides which matches count as whole words, and so ranking; changing it makes the index stale until the next \`zhsearch reindex\`.`)
    .addHelpText('after', examplesAndNotes([
      'zhsearch dict add 刘欣欣 天岳恒',
      'zhsearch dict list',
      'zhsearch analyze 天岳恒        # check how the new word is cut',
    ]))

  dict.addCommand(new Command('add')
    .summary('add words to the user dictionary')
    .description(`Adds words to ${DICTIONARY_FILE} in the corpus folder (words already there are left alone).`)
    .argument('<word...>', 'the words to add: 1 to 64 characters each, no spaces')
    .addOption(corpusOption())
    .addOption(indexOption())
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch dict add 刘欣欣',
      'zhsearch dict add 天岳恒 时传祥 --corpus 档案/劳动午报',
    ]))
    .action(async (words: string[], raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, DictAddOptionsSchema, { ...raw, words })
      const { addUserDictionaryWords, isZhsearchError, listCorpusFiles, readManifest, USER_DICTIONARY_FILE } = await loadLibrary()
      // Fails with the catalogue's message when the corpus folder is missing.
      await listCorpusFiles(options.corpus)
      const file = join(options.corpus, USER_DICTIONARY_FILE)
      const added = await addUserDictionaryWords(file, options.words)
      const already = [...new Set(options.words.map(word => word.normalize('NFKC')))].filter(word => !added.includes(word))
      const reindexCommand = reindexCommandFor(options.corpus, options.index, command)
      const hasIndex = await readManifest(options.index).then(() => true, (error: unknown) => {
        if (isZhsearchError(error) && error.code === 'INDEX_NOT_FOUND') return false
        // An index that cannot be read is there, and will need the reindex all the more.
        return true
      })
      if (options.json) {
        writeJson(process.stdout, { file, added, alreadyPresent: already, indexStale: added.length > 0 && hasIndex, reindex: added.length > 0 ? reindexCommand : undefined })
        return
      }
      const styles = stylesFor(process.stdout)
      const lines: string[] = []
      if (added.length > 0) lines.push(`Added ${plural(added.length, 'word')} to ${file}: ${added.join(' ')}`)
      if (already.length > 0) lines.push(`Already in ${file}: ${already.join(' ')}`)
      if (added.length > 0 && hasIndex) {
        lines.push(styles.warn(`The index in ${folder(options.index)} is now stale: it was built without ${added.length === 1 ? 'this word' : 'these words'}.`))
        lines.push(`Run \`${reindexCommand}\` to use ${added.length === 1 ? 'it' : 'them'} (only the articles that hold ${added.length === 1 ? 'it' : 'them'} are analyzed again).`)
      } else if (added.length > 0) {
        lines.push(`There is no index in ${folder(options.index)} yet; \`${reindexCommand}\` builds one with ${added.length === 1 ? 'it' : 'them'}.`)
      }
      writeLines(process.stdout, lines)
    }))

  dict.addCommand(new Command('list')
    .summary('list the words of the user dictionary')
    .description(`Prints the words of ${DICTIONARY_FILE} in the corpus folder, one per line.`)
    .addOption(corpusOption())
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch dict list',
      'zhsearch dict list --corpus 档案/劳动午报 --json',
    ]))
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, DictListOptionsSchema, raw)
      const { listCorpusFiles, readUserDictionary, USER_DICTIONARY_FILE } = await loadLibrary()
      await listCorpusFiles(options.corpus)
      const file = join(options.corpus, USER_DICTIONARY_FILE)
      const words = await readUserDictionary(file)
      if (options.json) {
        writeJson(process.stdout, { file, words })
        return
      }
      // The words alone on stdout (one per line, for pipes); the note on stderr.
      if (words.length === 0) process.stderr.write(`${file} has no words yet; add some with \`zhsearch dict add <word…>\`\n`)
      writeLines(process.stdout, words)
    }))

  return dict
}

/** The reindex command for this corpus and index, with only the options that differ from the defaults. */
function reindexCommandFor (corpus: string, index: string, command: Command): string {
  const parts = ['zhsearch reindex']
  if (command.getOptionValueSource('corpus') !== 'default') parts.push(`--corpus ${quoteArgument(corpus)}`)
  if (command.getOptionValueSource('index') !== 'default') parts.push(`--index ${quoteArgument(index)}`)
  return parts.join(' ')
}
