import { execFile } from 'node:child_process'
import { statfs } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Mounts a small RAM file system (tmpfs) of `size` (as mount takes it: `1m`, `512k`) on
 * the folder `dir`: a disk that fills up for real. Needs root (or CAP_SYS_ADMIN); resolves
 * to the reason when mounting is not permitted here, else to undefined.
 */
export async function mountTmpfs (dir: string, size: string): Promise<string | undefined> {
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir])
    return undefined
  } catch (error) {
    return ((error as { stderr?: string }).stderr ?? (error as Error).message).trim()
  }
}

/** Gives a mounted tmpfs another size (its files stay). */
export async function resizeTmpfs (dir: string, size: string): Promise<void> {
  await run('mount', ['-o', `remount,size=${size}`, dir])
}

export async function unmountTmpfs (dir: string): Promise<void> {
  await run('umount', [dir])
}

/** Bytes in use on the file system that holds `dir`. */
export async function usedBytes (dir: string): Promise<number> {
  const { blocks, bfree, bsize } = await statfs(dir)
  return (blocks - bfree) * bsize
}
