import { pinyin } from 'pinyin-pro'
import { describe, expect, it } from 'vitest'
import { pinyinLetters } from '../../../src/analysis/pinyin/pinyin-letters.js'
import { PINYIN_SYLLABLES, splitsIntoSyllables } from '../../../src/analysis/pinyin/pinyin-syllables.js'
import { wordPinyin } from '../../../src/analysis/pinyin/word-pinyin.js'

describe('wordPinyin', () => {
  it.each([
    ['工会', { full: 'gonghui', initials: 'gh' }],
    ['重庆', { full: 'chongqing', initials: 'cq' }],
    ['银行', { full: 'yinhang', initials: 'yh' }],
    ['律师', { full: 'lvshi', initials: 'ls' }],
    ['西安', { full: 'xian', initials: 'xa' }],
    ['北京市总工会', { full: 'beijingshizonggonghui', initials: 'bjszgh' }],
    ['会', { full: 'hui' }],
  ])('spells %s by its reading as a word, ü as v, with initials from two characters', (word, expected) => {
    expect(wordPinyin(word)).toEqual(expected)
  })

  it.each(['long', 'LONG街', '工会2', '嗯', '', '𠮷'])('gives no pinyin for %j: not all Han, or no syllable pinyin-pro knows', word => {
    expect(wordPinyin(word)).toBeUndefined()
  })
})

describe('pinyinLetters', () => {
  it.each([
    ['gong hui', 'gonghui'],
    ['gōnghuì', 'gonghui'],
    ['GongHui', 'gonghui'],
    ['ｇｏｎｇｈｕｉ', 'gonghui'],
    ["xi'an", 'xian'],
    ['xi’an', 'xian'],
    ['lǜshī', 'lvshi'],
    ['lüshi', 'lvshi'],
    ['LǛ', 'lv'],
    ['lvshi', 'lvshi'],
    ['lue', 'lve'],
    ['nüe', 'nve'],
  ])('reads %j as %j', (text, letters) => {
    expect(pinyinLetters(text)).toBe(letters)
  })

  it.each(['', ' ', '123', 'gong2hui', '工会', 'gong-hui', 'ß'])('refuses %j: not only letters', text => {
    expect(pinyinLetters(text)).toBeUndefined()
  })
})

describe('splitsIntoSyllables', () => {
  it.each(['gonghui', 'xian', 'xiangu', 'zhuangchuang', 'lvshi', 'a', 'er', 'api'])('splits %j', letters => {
    expect(splitsIntoSyllables(letters)).toBe(true)
  })

  it.each(['', 'gh', 'ng', 'gongh', 'helloworld', 'v'])('does not split %j', letters => {
    expect(splitsIntoSyllables(letters)).toBe(false)
  })
})

describe('PINYIN_SYLLABLES', () => {
  it('holds every syllable pinyin-pro gives for a CJK ideograph, but the interjections m, n, ng, hng', () => {
    const given = new Set<string>()
    for (let code = 0x4e00; code <= 0x9fff; code++) {
      for (const syllable of pinyin(String.fromCodePoint(code), { toneType: 'none', type: 'array', v: true, multiple: true })) {
        if (/^[a-z]+$/.test(syllable)) given.add(syllable)
      }
    }
    const missing = [...given].filter(syllable => !PINYIN_SYLLABLES.has(syllable)).sort()
    expect(missing, 'help: add the syllable to SYLLABLES in src/analysis/pinyin/pinyin-syllables.ts').toEqual(['hng', 'm', 'n', 'ng'])
    expect([...PINYIN_SYLLABLES].filter(syllable => !given.has(syllable))).toEqual([])
  })
})
