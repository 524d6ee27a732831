import * as OpenCC from 'opencc-js'
import type { NormalizedText } from './normalized-text.js'
import type { ChineseTables } from './chinese-tables.js'
import { type ConvertChinese, simplifyText } from './simplify-text.js'
import { convertChangedRuns } from './changed-runs.js'

/** OpenCC's configuration for traditional (Taiwan and standard forms) → simplified. */
const CONFIG = { from: 'tw', to: 'cn' } as const

let converter: ConvertChinese | undefined

let opencc: ConvertChinese | undefined

/**
 * The traditional → simplified converter, built on first use: OpenCC's, called only on the
 * stretches of text it can change, and built only when one comes (its tries take tens of
 * milliseconds, which a process searching simplified text once need not spend).
 */
function convert (text: string): string {
  const convertText = converter ?? (converter = convertChangedRuns(simplifiedChineseTables(), stretch => (opencc ??= OpenCC.Converter(CONFIG))(stretch)))
  return convertText(text)
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
  const config = OpenCC.Locale.configs[`${CONFIG.from}2s`]
  if (config === undefined) throw new Error(`opencc-js has no ${CONFIG.from}2s configuration`)
  const { normalizationChain, segmentation, conversionChain } = config as typeof config & { normalizationChain: ChineseTables['normalization'] }
  return { normalization: normalizationChain, segmentation: segmentation as ChineseTables['segmentation'], conversion: conversionChain as ChineseTables['conversion'] }
}
