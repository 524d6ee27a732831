import { readFileSync } from 'node:fs'

/**
 * The version in package.json, read when asked: the same file serves `dist/cli/` and
 * `src/cli/` (both two folders below the package root), and nothing is copied at build
 * time that could drift from it.
 */
export function packageVersion (): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
    const version = (JSON.parse(text) as { version?: unknown }).version
    return typeof version === 'string' ? version : 'unknown'
  } catch {
    return 'unknown'
  }
}
