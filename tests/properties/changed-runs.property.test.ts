import fc from 'fast-check'
import * as OpenCC from 'opencc-js'
import { describe, expect, it } from 'vitest'
import { createAnalyzer } from '../../src/internal.js'
import { changingCodePoints, convertChangedRuns } from '../../src/analysis/normalize/changed-runs.js'
import { simplifiedChineseTables, toSimplifiedChinese } from '../../src/analysis/normalize/simplified-chinese.js'
import { simplifyText } from '../../src/analysis/normalize/simplify-text.js'
import { foldCharacters } from '../../src/analysis/normalize/fold-characters.js'
import { composeNormalized } from '../../src/analysis/normalize/normalized-text.js'

/*
 * The traditional → simplified step calls OpenCC only on the stretches of text it can
 * change (changed-runs.ts). Its answer must be OpenCC's over the whole text, character for
 * character, on any text: traditional and simplified phrases side by side, phrases that
 * OpenCC converts as a whole (頭髮, 什麼), compatibility ideographs, full-width forms,
 * punctuation between them, ideographic description sequences, surrogates.
 */
const opencc = OpenCC.Converter({ from: 'tw', to: 'cn' })
const tables = simplifiedChineseTables()
const convert = convertChangedRuns(tables, opencc)

// Sources and replacements of OpenCC's own entries, so that random text holds its phrases.
const entries = [...tables.normalization, ...tables.conversion].flat().flatMap(dictionary => dictionary.split('|'))
const phrases = entries.filter((_, i) => i % 97 === 0).flatMap(entry => entry.split(' '))
const PIECES = ['溫暖', '温暖', '頭髮', '头发', '什麼', '什么', '群', '羣', '著', '着', '乾隆', '干', '後', '后', '\uF900', '\uFA10', '⿰氵青', '⿱', 'Ａ', '１', '，', '。', '“', '”', ' ', 'a', '7', '\n', '𠀀', '\uD800', '😀', '·']
const mixedText = fc.string({ unit: fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(...phrases)), maxLength: 40 })
const anyText = fc.oneof(mixedText, fc.string({ unit: 'grapheme', maxLength: 80 }))

describe('convertChangedRuns', () => {
  it('converts exactly as OpenCC does over the whole text', () => {
    fc.assert(fc.property(anyText, text => {
      expect(convert(text)).toBe(opencc(text))
    }), { numRuns: 2000 })
  })

  it('gives the whole normalization OpenCC gave: the text and its offset map', () => {
    const analyzer = createAnalyzer()
    fc.assert(fc.property(anyText, text => {
      expect(toSimplifiedChinese(text)).toEqual(simplifyText(text, opencc))
      const folded = foldCharacters(text)
      expect(analyzer.normalize(text)).toEqual(composeNormalized(folded, simplifyText(folded.text, opencc)))
    }), { numRuns: 500 })
  })

  it('returns text without a changed character as it is', () => {
    const text = '新闻联播：习近平主持召开会议，强调高质量发展。ABC 123'
    expect(convert(text)).toBe(text)
    expect(convert('他們在臺灣溫暖的家')).toBe('他们在台湾温暖的家')
  })
})

describe('changingCodePoints', () => {
  const changing = new Set(changingCodePoints(tables))
  const holdsOne = (text: string): boolean => [...text].some(char => changing.has(char.codePointAt(0)!))

  it('leaves out no character OpenCC changes: a text holding none of them converts to itself', () => {
    fc.assert(fc.property(anyText, text => {
      if (!holdsOne(text)) expect(opencc(text)).toBe(text)
    }), { numRuns: 3000 })
    // Also on text built only of characters outside the set (random text mostly holds one).
    const outside = [...new Set(PIECES.concat(phrases).join(''))].filter(char => !changing.has(char.codePointAt(0)!))
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...outside), maxLength: 40 }), text => {
      expect(opencc(text)).toBe(text)
    }), { numRuns: 2000 })
  })

  it('is small beside the tables: common simplified text holds none', () => {
    expect(holdsOne('新闻联播：习近平主持召开会议，强调高质量发展')).toBe(false)
    expect(holdsOne('溫暖')).toBe(true)
    expect(holdsOne('⿰氵青')).toBe(true)
  })
})
