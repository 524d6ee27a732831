import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { FileSource } from './index-files.js'

/** An export read from a folder (Node): `dir` is the folder `zhsearch export --static` wrote. */
export function folderSource (dir: string): FileSource {
  const folder = resolve(dir)
  return {
    location: folder,
    read: async path => new Uint8Array(await readFile(join(folder, path))),
  }
}
