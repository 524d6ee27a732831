/**
 * The npm package `chinese-poetry` (全唐诗 and 全宋诗, traditional characters): not a
 * dependency of the project, installed on first use into a cache folder outside
 * node_modules and git, for the benchmark's and the eval's poetry corpora.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from './paths.js'

export const POETRY_PACKAGE = 'chinese-poetry@2.0.1'
/** Where it is installed unless a script is told otherwise (git-ignored). */
export const POETRY_CACHE = join(ROOT, '.cache', 'chinese-poetry')

/** Installs the package into `cacheDir` (once) and returns its folder of Tang and Song poems. */
export async function poetryFolder (cacheDir = POETRY_CACHE): Promise<string> {
  const folder = join(cacheDir, 'node_modules', 'chinese-poetry', 'dist', 'quantangshi')
  if (existsSync(folder)) return folder
  await mkdir(cacheDir, { recursive: true })
  process.stderr.write(`installing ${POETRY_PACKAGE} into ${cacheDir} (about 350 MiB, once)…\n`)
  try {
    await promisify(execFile)('npm', ['install', '--prefix', cacheDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', POETRY_PACKAGE])
  } catch (error) {
    throw new Error(`npm install ${POETRY_PACKAGE} into ${cacheDir} failed: ${(error as Error).message.split('\n')[0]}`)
  }
  if (!existsSync(folder)) throw new Error(`${POETRY_PACKAGE} has no ${folder}`)
  return folder
}
