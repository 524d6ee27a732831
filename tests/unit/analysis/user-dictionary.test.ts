import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUserDictionaryWords, parseUserDictionary, removeUserDictionaryWords } from '../../../src/analysis/user-dictionary.js'
import { temporaryFolder } from '../../helpers/default-engine.js'

let folder: { path: string, cleanup: () => Promise<void> }
beforeAll(async () => { folder = await temporaryFolder('zhsearch-user-dict-') })
afterAll(async () => folder.cleanup())

describe('removeUserDictionaryWords', () => {
  it('removes the lines that give the words, with their frequency and tag, and keeps comments and every other line', async () => {
    const file = join(folder.path, 'user.dict')
    await writeFile(file, '\uFEFF# names\n天岳恒 10 nz\n刘欣欣 nr\n\n# places\nＡＢＣ街\n宗晓畅\n')

    const removed = await removeUserDictionaryWords(file, ['天岳恒', 'ABC街', '不在词典'])

    expect(removed).toEqual(['天岳恒', 'ABC街'])
    expect(await readFile(file, 'utf8')).toBe('\uFEFF# names\n刘欣欣 nr\n\n# places\n宗晓畅\n')
    expect(parseUserDictionary(await readFile(file, 'utf8'))).toEqual(['刘欣欣', '宗晓畅'])
  })

  it('leaves the file as it is when none of the words is in it, and creates no file', async () => {
    const file = join(folder.path, 'other.dict')
    expect(await removeUserDictionaryWords(file, ['天岳恒'])).toEqual([])
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' })
    await addUserDictionaryWords(file, ['天岳恒'])
    expect(await removeUserDictionaryWords(file, ['刘欣欣'])).toEqual([])
    expect(await readFile(file, 'utf8')).toBe('天岳恒\n')
  })
})
