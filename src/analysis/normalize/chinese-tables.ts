import { ConverterBuilder } from 'opencc-js/core'
import type { ConvertChinese } from './simplify-text.js'

/**
 * OpenCC dictionaries as its presets write them: `source replacement` pairs joined by `|`.
 * A group is looked up as one table (the first dictionary that has an entry wins).
 */
export type ChineseDictionary = string
export type ChineseDictionaryGroup = readonly ChineseDictionary[]

/**
 * A traditional → simplified conversion as OpenCC runs it: each text normalized (CJK
 * compatibility ideographs to their unified forms), cut into phrases by `segmentation`,
 * then each phrase converted by each group of `conversion` in turn, longest match first.
 */
export interface ChineseTables {
  normalization: readonly ChineseDictionaryGroup[]
  segmentation: ChineseDictionaryGroup
  conversion: readonly ChineseDictionaryGroup[]
}

/** A converter over tables (OpenCC's own code, from the package's core without its dictionaries). */
export function createChineseConverter (tables: ChineseTables): ConvertChinese {
  const preset = { from: { tw: [] }, to: { cn: [] }, configs: { tw2s: { normalizationChain: tables.normalization, segmentation: tables.segmentation, conversionChain: tables.conversion } } }
  return ConverterBuilder(preset)({ from: 'tw', to: 'cn' })
}

/**
 * The tables without the entries a text made of `characters` cannot need: those whose
 * replacement holds a character outside the set (a query with that text finds nothing as
 * written). The segmentation dictionary is kept whole, since it decides where phrases
 * start: a shorter one would convert neighbours differently.
 */
export function keepTablesFor (tables: ChineseTables, characters: ReadonlySet<string>): ChineseTables {
  const keep = (dictionary: ChineseDictionary): ChineseDictionary => dictionary
    .split('|')
    .filter(entry => {
      // OpenCC reads the first replacement of an entry (`source replacement [others]`).
      const replacement = entry.split(' ')[1] ?? ''
      return [...replacement].every(char => characters.has(char))
    })
    .join('|')
  const keepGroup = (group: ChineseDictionaryGroup): ChineseDictionaryGroup => group.map(keep)
  return { normalization: tables.normalization.map(keepGroup), segmentation: tables.segmentation, conversion: tables.conversion.map(keepGroup) }
}
