import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_CORPUS } from './cli-options.js'
import type { Library } from './library.js'
import { quoteArgument } from './format.js'

/**
 * What a corpus folder is and how to start one, for a first run in a folder that has none
 * (`zhsearch search` or `zhsearch reindex` in an empty folder): indented lines to follow the
 * error's own message.
 */
export function corpusFolderAdvice (corpus: string): string[] {
  const reindex = corpus === DEFAULT_CORPUS ? 'zhsearch reindex' : `zhsearch reindex --corpus ${quoteArgument(corpus)}`
  return [
    '  A corpus folder holds the articles to index, in files of these kinds:',
    '    .txt    plain text, or a newspaper page (split into articles at their bylines)',
    '    .md     Markdown, with optional front matter: title, date, author, source',
    '    .json   one article or an array: {"id", "title", "body", "date", "author", …}',
    '    .jsonl  one such article per line',
    '  in UTF-8, UTF-16 (with BOM) or GB18030, subfolders too; user.dict adds words.',
    `  To start one: mkdir -p ${quoteArgument(corpus)} && cp ~/文章/*.txt ${quoteArgument(corpus)}/ && ${reindex}`,
  ]
}

/** True when `path` does not exist at all (as opposed to existing as a file, or not being readable). */
export async function isMissing (path: string): Promise<boolean> {
  return stat(path).then(() => false, (error: NodeJS.ErrnoException) => error.code === 'ENOENT')
}

/**
 * The words of the corpus folder's user dictionary (none when it has no `user.dict`). A
 * `--corpus` that names a file fails with the catalogue's "not a folder" message rather
 * than the ENOTDIR of `README.md/user.dict`.
 */
export async function readCorpusDictionary (library: Library, corpus: string): Promise<string[]> {
  try {
    return await library.readUserDictionary(join(corpus, library.USER_DICTIONARY_FILE))
  } catch (error) {
    // listCorpusFiles checks the folder first and throws CORPUS_NOT_A_FOLDER.
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') await library.listCorpusFiles(corpus)
    throw error
  }
}
