import { copyFile, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MANIFEST_FILE, type Manifest } from '../../src/internal.js'
import { checkOf } from '../../src/indexing/segment/segment-file.js'

/*
 * Index folders as an attacker with write access (or a writer with a bug) could leave
 * them, checksums and all consistent (issue 27), and good builds moved in the way
 * `zhsearch reindex` moves them: segment files first, then the manifest by rename.
 */

async function readManifestFile (indexDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(indexDir, MANIFEST_FILE), 'utf8')) as Manifest
}

/** Replaces `manifest.json` by rename, as a reindex does. */
async function renameManifestIn (indexDir: string, manifest: Manifest): Promise<void> {
  const temporary = join(indexDir, `.${MANIFEST_FILE}.${manifest.build}.tmp`)
  await writeFile(temporary, JSON.stringify(manifest))
  await rename(temporary, join(indexDir, MANIFEST_FILE))
}

/**
 * Writes a copy of the first segment of the index in `indexDir` whose header says it holds
 * `1e9` documents, with the manifest agreeing and every checksum recomputed, and renames a
 * manifest naming it into the folder: an open that trusts the count loops a billion times.
 * The segment must hold at least 100 documents (the count is rewritten in place, "1e9"
 * over its digits). Returns the hostile build's name.
 */
export async function renameInHugeDocCount (indexDir: string): Promise<string> {
  const manifest = await readManifestFile(indexDir)
  const entry = manifest.segments[0]!
  const zix = await readFile(join(indexDir, 'segments', `${entry.name}.zix`))
  const headerLength = zix.readUInt32LE(8)
  const header = zix.subarray(12, 12 + headerLength).toString('utf8')
  const count = `"docCount":${entry.documents}`
  if (!header.includes(count) || String(entry.documents).length < 3) throw new Error(`the first segment needs at least 100 documents (it has ${entry.documents})`)
  const edited = header.replace(count, `"docCount":1e9`.padEnd(count.length, ' '))
  const hostile = Buffer.concat([zix.subarray(0, 12), Buffer.from(edited, 'utf8'), zix.subarray(12 + headerLength)])
  const name = `${entry.name}-hostile`
  await writeFile(join(indexDir, 'segments', `${name}.zix`), hostile)
  await copyFile(join(indexDir, 'segments', `${entry.name}.ztx`), join(indexDir, 'segments', `${name}.ztx`))
  const build = `build-hostile-${Date.now().toString(36)}`
  await renameManifestIn(indexDir, {
    ...manifest,
    build,
    segments: [{ ...entry, name, documents: 1e9, index: checkOf(hostile) }, ...manifest.segments.slice(1)],
    documentCount: manifest.documentCount - entry.documents + 1e9,
  })
  return build
}

/** Moves the build in `fromDir` into `indexDir`: its segment files, then its manifest by rename. Returns its name. */
export async function renameInBuild (fromDir: string, indexDir: string): Promise<string> {
  for (const file of await readdir(join(fromDir, 'segments'))) await copyFile(join(fromDir, 'segments', file), join(indexDir, 'segments', file))
  const manifest = await readManifestFile(fromDir)
  await renameManifestIn(indexDir, manifest)
  return manifest.build
}
