import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { NormalizedText } from './normalized-text.js'
import type { ChineseTables } from './chinese-tables.js'
import { type ConvertChinese, simplifyText } from './simplify-text.js'
import { convertChangedRuns, fromDeltas, holdsCodePoint } from './changed-runs.js'
import { OPENCC_CHANGING } from './opencc-changing.js'

type OpenCCModule = typeof import('opencc-js')

/** OpenCC's configuration for traditional (Taiwan and standard forms) → simplified. */
const CONFIG = { from: 'tw', to: 'cn' } as const

const requireHere = createRequire(import.meta.url)

let openccModule: OpenCCModule | undefined

/** opencc-js (its 1 MB of tables in JavaScript, ~30 ms to load), loaded when a text first needs it. */
function opencc (): OpenCCModule {
  return (openccModule ??= requireHere('opencc-js') as OpenCCModule)
}

/** The installed opencc-js's version (`opencc-js@1.4.2`), read from its package.json without loading it. */
export function openccVersion (): string {
  // The package exports no package.json: it is three folders above the entry (dist/umd/full.js).
  const file = join(dirname(requireHere.resolve('opencc-js')), '..', '..', 'package.json')
  return `opencc-js@${(JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version}`
}

let changing: ReadonlySet<number> | null | undefined

/** The code points OpenCC's tables change, as kept for the installed version (opencc-changing.ts); null for another version. */
function keptChangingCodePoints (): ReadonlySet<number> | null {
  if (changing === undefined) {
    changing = openccVersion() === OPENCC_CHANGING.version ? new Set(fromDeltas(OPENCC_CHANGING.codePoints)) : null
  }
  return changing
}

let converter: ConvertChinese | undefined

let openccConverter: ConvertChinese | undefined

/**
 * The traditional → simplified converter, built on first use: OpenCC's, called only on the
 * stretches of text it can change, and built only when one comes (its tries take tens of
 * milliseconds, which a process searching simplified text once need not spend). Until
 * then a text with no character the tables change is its own conversion, and opencc-js is
 * not loaded at all.
 */
function convert (text: string): string {
  if (converter === undefined) {
    const kept = keptChangingCodePoints()
    if (kept !== null && !holdsCodePoint(text, kept)) return text
    converter = convertChangedRuns(simplifiedChineseTables(), stretch => (openccConverter ??= opencc().Converter(CONFIG))(stretch))
  }
  return converter(text)
}

/** Traditional → simplified Chinese with all of OpenCC's tables (see simplifyText). */
export function toSimplifiedChinese (text: string): NormalizedText {
  return simplifyText(text, convert)
}

/**
 * The dictionaries of that conversion, as OpenCC's preset holds them: what a converter
 * elsewhere (the browser's, see chinese-tables.ts) needs to convert the same way.
 */
export function simplifiedChineseTables (): ChineseTables {
  const config = opencc().Locale.configs[`${CONFIG.from}2s`]
  if (config === undefined) throw new Error(`opencc-js has no ${CONFIG.from}2s configuration`)
  const { normalizationChain, segmentation, conversionChain } = config as typeof config & { normalizationChain: ChineseTables['normalization'] }
  return { normalization: normalizationChain, segmentation: segmentation as ChineseTables['segmentation'], conversion: conversionChain as ChineseTables['conversion'] }
}
