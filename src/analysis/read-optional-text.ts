import { readFile } from 'node:fs/promises'

/**
 * A corpus folder's optional text file (user.dict, synonyms.txt) as UTF-8, or '' when it
 * does not exist; any other failure to read it is thrown.
 */
export async function readOptionalText (path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
}
