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

/** The options of `dict add` and `dict remove`. */
const DictWordsOptionsSchema = z.object({
  words: z.array(z.string()).min(1),
  corpus: FolderSchema,
  index: FolderSchema,
  json: z.boolean(),
})

const DictListOptionsSchema = z.object({
  corpus: FolderSchema,
  json: z.boolean(),
})

/** `zhsearch dict add|remove|list`: the user dictionary (`user.dict` in the corpus folder). */
export function createDictCommand (): Command {
  const dict = new Command('dict')
    .summary('manage the user dictionary (names and terms of the corpus)')
    .description(`The user dictionary is ${DICTIONARY_FILE} in the corpus folder: one word per line, which Jieba then keeps whole (names of people, places, organisations, terms of the trade). It decides which matches count as whole words, and so ranking; changing it makes the index stale until the next \`zhsearch reindex\`, which analyzes again only the articles that hold a word added or removed.`)
    .addHelpText('after', examplesAndNotes([
      'zhsearch dict add 刘欣欣 天岳恒',
      'zhsearch dict remove 天岳恒',
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
    .action(async (words: string[], raw: Record<string, unknown>, command: Command) => changeWords('add', words, raw, command)))

  dict.addCommand(new Command('remove')
    .summary('remove words from the user dictionary')
    .description(`Removes the lines of ${DICTIONARY_FILE} in the corpus folder that give these words (comments and other lines stay).`)
    .argument('<word...>', 'the words to remove')
    .addOption(corpusOption())
    .addOption(indexOption())
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch dict remove 天岳恒',
    ]))
    .action(async (words: string[], raw: Record<string, unknown>, command: Command) => changeWords('remove', words, raw, command)))

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

/** `dict add` and `dict remove`: changes the file, then says what changed and that the index needs a reindex. */
async function changeWords (change: 'add' | 'remove', words: string[], raw: Record<string, unknown>, command: Command): Promise<void> {
  const options = parseOptions(command, DictWordsOptionsSchema, { ...raw, words })
  const { addUserDictionaryWords, removeUserDictionaryWords, isZhsearchError, listCorpusFiles, readManifest, USER_DICTIONARY_FILE } = await loadLibrary()
  // Fails with the catalogue's message when the corpus folder is missing.
  await listCorpusFiles(options.corpus)
  const file = join(options.corpus, USER_DICTIONARY_FILE)
  const changed = change === 'add' ? await addUserDictionaryWords(file, options.words) : await removeUserDictionaryWords(file, options.words)
  const untouched = [...new Set(options.words.map(word => word.normalize('NFKC')))].filter(word => !changed.includes(word))
  const reindexCommand = reindexCommandFor(options.corpus, options.index, command)
  const hasIndex = await readManifest(options.index).then(() => true, (error: unknown) => {
    if (isZhsearchError(error) && error.code === 'INDEX_NOT_FOUND') return false
    // An index that cannot be read is there, and will need the reindex all the more.
    return true
  })
  if (options.json) {
    const [done, notDone] = change === 'add' ? ['added', 'alreadyPresent'] : ['removed', 'notPresent']
    writeJson(process.stdout, { file, [done]: changed, [notDone]: untouched, indexStale: changed.length > 0 && hasIndex, reindex: changed.length > 0 ? reindexCommand : undefined })
    return
  }
  const styles = stylesFor(process.stdout)
  const lines: string[] = []
  const them = changed.length === 1 ? 'it' : 'them'
  if (changed.length > 0) lines.push(`${change === 'add' ? 'Added' : 'Removed'} ${plural(changed.length, 'word')} ${change === 'add' ? 'to' : 'from'} ${file}: ${changed.join(' ')}`)
  if (untouched.length > 0) lines.push(`${change === 'add' ? 'Already in' : 'Not in'} ${file}: ${untouched.join(' ')}`)
  if (changed.length > 0 && hasIndex) {
    lines.push(styles.warn(`The index in ${folder(options.index)} is now stale: it was built ${change === 'add' ? 'without' : 'with'} ${changed.length === 1 ? 'this word' : 'these words'}.`))
    lines.push(`Run \`${reindexCommand}\` to ${change === 'add' ? 'use' : 'drop'} ${them} (only the articles that hold ${them} are analyzed again).`)
  } else if (changed.length > 0 && change === 'add') {
    lines.push(`There is no index in ${folder(options.index)} yet; \`${reindexCommand}\` builds one with ${them}.`)
  }
  writeLines(process.stdout, lines)
}

/** The reindex command for this corpus and index, with only the options that differ from the defaults. */
function reindexCommandFor (corpus: string, index: string, command: Command): string {
  const parts = ['zhsearch reindex']
  if (command.getOptionValueSource('corpus') !== 'default') parts.push(`--corpus ${quoteArgument(corpus)}`)
  if (command.getOptionValueSource('index') !== 'default') parts.push(`--index ${quoteArgument(index)}`)
  return parts.join(' ')
}
