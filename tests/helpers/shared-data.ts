import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { SHARED_DATA } from '../../scripts/lib/beir-collection.js'
import { ROOT } from './cli-process.js'

/**
 * Set to `1` where ../shared/data must be there (zhsearch's own CI, see .ci/run): a missing
 * folder then fails the tests that need it instead of skipping them.
 */
export const REQUIRE_SHARED_DATA = 'ZHSEARCH_REQUIRE_SHARED_DATA'

/** Whether a folder of ../shared/data is there, and if not, the one line that says why its tests skip. */
export interface SharedData {
  /** The folder, e.g. `…/shared/data/dureader-search-demo/`. */
  path: string
  /** True when the folder is missing: its tests skip. */
  missing: boolean
}

/**
 * Looks for `name` in the shared data folder beside the checkout (../shared/data, real
 * corpora read by path and never copied into the repository). A clone without it, which is
 * what every clone but the team's own machines is, skips the tests that need it and says so
 * on one line of stderr; with {@link REQUIRE_SHARED_DATA} set, a missing folder throws.
 *
 * @example
 * ```ts
 * const dureader = sharedData('dureader-search-demo')
 * describe.skipIf(dureader.missing)('the DuReader collection', () => { … })
 * ```
 */
export function sharedData (name: string, env: NodeJS.ProcessEnv = process.env): SharedData {
  const path = join(SHARED_DATA, name)
  if (existsSync(path)) return { path, missing: false }
  const shown = relative(ROOT, path) || path
  if (env[REQUIRE_SHARED_DATA] === '1') {
    throw new Error(`${shown} is missing, and ${REQUIRE_SHARED_DATA}=1 says it must be there (CI runs these tests beside ../shared)`)
  }
  process.stderr.write(`skipping the tests on ${name}: ${shown} is not there (the shared data folder sits beside the checkout on the team's machines and in CI)\n`)
  return { path, missing: true }
}
