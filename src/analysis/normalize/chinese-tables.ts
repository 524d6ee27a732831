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
 * replacement, converted by the rest of the chain, holds a character outside the set (a
 * query with that text finds nothing as written). The rest of the chain matters: OpenCC
 * turns 什么 into 什麼 in one group and back into 什么 in a later one, so an entry must not
 * be judged by a replacement that is only a step. The segmentation dictionary is kept
 * whole, since it decides where phrases start: a shorter one would convert neighbours
 * differently.
 */
export function keepTablesFor (tables: ChineseTables, characters: ReadonlySet<string>): ChineseTables {
  // Every group in chain order; an entry's replacement then goes through the groups after its own.
  const chain = [...tables.normalization, ...tables.conversion]
  const rest = chain.map((_, g) => createChineseConverter({ normalization: [], segmentation: tables.segmentation, conversion: chain.slice(g + 1) }))
  const keepGroup = (group: ChineseDictionaryGroup, g: number): ChineseDictionaryGroup => group.map(dictionary => dictionary
    .split('|')
    .filter(entry => {
      // OpenCC reads the first replacement of an entry (`source replacement [others]`).
      const replacement = entry.split(' ')[1] ?? ''
      return [...rest[g]!(replacement)].every(char => characters.has(char))
    })
    .join('|'))
    // OpenCC refuses an empty dictionary: one with no entry left goes.
    .filter(dictionary => dictionary !== '')
  const normalization = tables.normalization.map((group, g) => keepGroup(group, g))
  const conversion = tables.conversion.map((group, g) => keepGroup(group, tables.normalization.length + g))
  return { normalization, segmentation: tables.segmentation, conversion }
}
