import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { constants, gzip as gzipCallback } from 'node:zlib'
import { createError } from '../../errors.js'
import { isProcessAlive } from '../../threads/process-alive.js'
import { INDEX_FOLDER } from '../format.js'
import { SITE_ENTRIES } from './site-files.js'

const gzip = promisify(gzipCallback)

/** What an export writes at the top of its folder: the index and the page's files. */
const EXPORT_ENTRIES: ReadonlySet<string> = new Set([INDEX_FOLDER, ...SITE_ENTRIES])

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
    await removeAbandoned(destination)
    const temporary = join(dirname(destination), `${temporaryPrefix(destination)}${process.pid}-${Date.now().toString(36)}`)
    await mkdir(temporary, { recursive: true })
    return new ExportFolder(destination, temporary, entries !== undefined)
  }

  /**
   * Writes a file of the export (`path` relative to its folder), counted under `kind`;
   * gzip-compressed when its name ends with .gz (see format.ts).
   */
  async write (kind: string, path: string, content: string | Uint8Array): Promise<void> {
    const data = path.endsWith('.gz') ? await gzip(content, { level: constants.Z_BEST_COMPRESSION }) : content
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

/** The name of a folder an export of `destination` is written into: `.<name>.exporting-<pid>-<time>`. */
function temporaryPrefix (destination: string): string {
  return `.${basename(destination)}.exporting-`
}

/** Removes the folders of exports of `destination` whose process is gone (interrupted, killed). */
async function removeAbandoned (destination: string): Promise<void> {
  const prefix = temporaryPrefix(destination)
  const siblings = await readdir(dirname(destination)).catch(() => [] as string[])
  for (const name of siblings) {
    if (!name.startsWith(prefix)) continue
    const pid = Number.parseInt(name.slice(prefix.length), 10)
    if (!Number.isInteger(pid) || pid === process.pid || isProcessAlive(pid)) continue
    await rm(join(dirname(destination), name), { recursive: true, force: true })
  }
}
