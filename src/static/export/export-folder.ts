import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { createError } from '../../errors.js'
import { INDEX_FOLDER } from '../format.js'
import { SITE_FILES } from './site-files.js'

/** What an export writes at the top of its folder: the index and the page's files. */
const EXPORT_ENTRIES: ReadonlySet<string> = new Set([INDEX_FOLDER, ...SITE_FILES])

/**
 * The folder an export is written into: a sibling of the destination, swapped in whole
 * when everything is written (a reader never sees half an export, and a failed export
 * leaves the old one). The destination may be missing, empty, or an earlier export: a
 * folder holding anything else is refused, untouched.
 */
export class ExportFolder {
  private readonly made = new Set<string>()
  private readonly counts: Record<string, { files: number, bytes: number }> = {}

  private constructor (private readonly destination: string, private readonly temporary: string, private readonly replaces: boolean) {}

  static async open (outDir: string): Promise<ExportFolder> {
    const destination = resolve(outDir)
    const entries = await readdir(destination).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      if (error.code === 'ENOTDIR') throw createError('STATIC_DIR_NOT_EMPTY', outDir, 'a file of that name')
      throw error
    })
    const foreign = (entries ?? []).filter(entry => !EXPORT_ENTRIES.has(entry))
    if (foreign.length > 0) throw createError('STATIC_DIR_NOT_EMPTY', outDir, foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''))
    const temporary = join(dirname(destination), `.${basename(destination)}.exporting-${process.pid}-${Date.now().toString(36)}`)
    await mkdir(temporary, { recursive: true })
    return new ExportFolder(destination, temporary, entries !== undefined)
  }

  /** Writes a file of the export (`path` relative to its folder), counted under `kind`. */
  async write (kind: string, path: string, data: string | Uint8Array): Promise<void> {
    const target = join(this.temporary, path)
    const parent = dirname(target)
    if (!this.made.has(parent)) {
      await mkdir(parent, { recursive: true })
      this.made.add(parent)
    }
    await writeFile(target, data)
    const count = this.counts[kind] ?? (this.counts[kind] = { files: 0, bytes: 0 })
    count.files++
    count.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length
  }

  /** Puts the new export in place of the destination (and removes the old one). */
  async commit (): Promise<void> {
    if (!this.replaces) {
      await mkdir(dirname(this.destination), { recursive: true })
      await rename(this.temporary, this.destination)
      return
    }
    const old = `${this.temporary}.old`
    await rename(this.destination, old)
    try {
      await rename(this.temporary, this.destination)
    } catch (error) {
      await rename(old, this.destination)
      throw error
    }
    await rm(old, { recursive: true, force: true })
  }

  /** Removes what was written (the destination stays as it was). */
  async abandon (): Promise<void> {
    await rm(this.temporary, { recursive: true, force: true })
  }

  summary (): { files: Record<string, { files: number, bytes: number }>, totalBytes: number } {
    return { files: this.counts, totalBytes: Object.values(this.counts).reduce((sum, count) => sum + count.bytes, 0) }
  }
}
