/**
 * Where things are, for every script: the repository, the built CLI and library, and the
 * shared data folder (real corpora read by path, never copied into the repository).
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The built command line (`npm run build`). */
export const CLI = join(ROOT, 'dist', 'cli', 'main.js')

/**
 * The shared data folder: the one ZHSEARCH_SHARED_DATA names, else `shared/data` beside the
 * repository (../shared/data from a clone in the project folder) or beside one of its
 * parents (a worktree in a subfolder); ../shared/data when there is none, so that a message
 * about a missing folder names the usual place.
 */
export const SHARED_DATA = findSharedData(process.env.ZHSEARCH_SHARED_DATA)

function findSharedData (named: string | undefined): string {
  if (named !== undefined && named !== '') return resolve(named)
  for (let dir = ROOT; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'data')
    if (existsSync(candidate)) return candidate
  }
  return join(ROOT, '..', 'shared', 'data')
}
