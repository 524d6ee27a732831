import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { characterGrams, createAnalyzer, forEachGramKey, GRAM_KEY_BASE, queryGramKeys, queryGrams } from '../../../src/analysis/analyzer.js'
import { segmenterVersion } from '../../../src/analysis/segment/chinese-segmenter.js'

const analyzer = createAnalyzer({ userWords: ['刘欣欣'] })

/** `[term, start, end]` of the tokens of a kind, for table assertions. */
function tokensOf (text: string, kinds: string[] = ['word', 'alnum']): Array<[string, number, number]> {
  return analyzer.analyze(text).filter(t => kinds.includes(t.kind)).map(t => [t.term, t.start, t.end])
}

describe('createAnalyzer().normalize', () => {
  it.each([
    ['full-width digits and letters become half-width and lowercase', 'ＡＢＣ１２３', 'abc123'],
    ['Latin is lowercased', 'LONG街', 'long街'],
    ['traditional becomes simplified', '溫暖基金會', '温暖基金会'],
    ['the ideographic space becomes a space', '工会\u3000饺子', '工会 饺子'],
    ['simplified text stays as it is', '北京市总工会', '北京市总工会'],
  ])('%s', (_name, input, expected) => {
    expect(analyzer.normalize(input).text).toBe(expected)
  })

  it('maps every normalized character back to the original characters', () => {
    const original = 'Ｘ溫暖ｆｉ1'
    const normalized = analyzer.normalize(original)
    expect(normalized.text).toBe('x温暖fi1')
    const spans = [...normalized.text].map((_, i) => original.slice(normalized.starts[i], normalized.ends[i]))
    expect(spans).toEqual(['Ｘ', '溫', '暖', 'ｆ', 'ｉ', '1'])
  })

  it('keeps a compatibility character that expands mapped to its one original character', () => {
    const normalized = analyzer.normalize('a㈠b')
    expect(normalized.text).toBe('a(一)b')
    expect([...normalized.starts]).toEqual([0, 1, 1, 1, 2])
    expect([...normalized.ends]).toEqual([1, 2, 2, 2, 3])
  })
})

describe('createAnalyzer().analyze', () => {
  it.each<[string, string, Array<[string, number, number]>]>([
    ['cuts Chinese into words with their offsets', '北京市总工会举办培训班', [['北京市总工会', 0, 6], ['举办', 6, 8], ['培训班', 8, 11]]],
    ['keeps numbers whole', '救助金额1184.19万元，2023年', [['救助', 0, 2], ['金额', 2, 4], ['1184.19', 4, 11], ['万元', 11, 13], ['2023', 14, 18], ['年', 18, 19]]],
    ['keeps Latin words whole and splits them from Chinese', '首开LONG街项目', [['首开', 0, 2], ['long', 2, 6], ['街', 6, 7], ['项目', 7, 9]]],
    ['points full-width input at its original characters', 'ＡＢＣ１２３工会', [['abc123', 0, 6], ['工会', 6, 8]]],
    ['points traditional input at its original characters', '溫暖基金', [['温暖', 0, 2], ['基金', 2, 4]]],
    ['uses the user dictionary for names', '记者刘欣欣', [['记者', 0, 2], ['刘欣欣', 2, 5]]],
  ])('%s', (_name, text, expected) => {
    expect(tokensOf(text)).toEqual(expected)
  })

  it('adds the dictionary words inside a long word as subwords', () => {
    const subwords = tokensOf('北京市总工会', ['subword'])
    expect(subwords).toContainEqual(['工会', 4, 6])
    expect(subwords).toContainEqual(['总工会', 3, 6])
  })

  it('adds character grams only when asked', () => {
    expect(analyzer.analyze('工会').some(t => t.kind === 'gram')).toBe(false)
    expect(tokensOf('工会', ['gram'])).toEqual([])
    expect(analyzer.analyze('工会', { grams: true }).filter(t => t.kind === 'gram').map(t => [t.term, t.start, t.end]))
      .toEqual([['工会', 0, 2], ['工', 0, 1], ['会', 1, 2]])
  })

  it('never throws and keeps every offset inside the original text, whatever the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), text => {
      for (const token of analyzer.analyze(text, { grams: true })) {
        expect(token.start).toBeGreaterThanOrEqual(0)
        expect(token.end).toBeLessThanOrEqual(text.length)
        expect(token.start).toBeLessThanOrEqual(token.end)
      }
    }), { numRuns: 300 })
  })

  it('cuts words that concatenate back to each run of the normalized text', () => {
    const chinese = fc.string({ unit: fc.constantFrom(...'工会北京市总温暖基金饺子冬至的了是不负时代龍體'), minLength: 1, maxLength: 30 })
    fc.assert(fc.property(chinese, text => {
      const words = analyzer.analyze(text).filter(t => t.kind === 'word')
      expect(words.map(t => t.term).join('')).toBe(analyzer.normalize(text).text)
    }), { numRuns: 200 })
  })
})

describe('createAnalyzer().indexText', () => {
  it('gives the normalized text, the patches back to the original, and words with subwords marked', () => {
    const indexed = analyzer.indexText('总工会，LONG')
    expect(indexed.normalized).toBe('总工会,long')
    expect(indexed.patches).toEqual([{ start: 3, end: 8, original: '，LONG' }])
    expect(indexed.words).toEqual(expect.arrayContaining(['总工会', '工会', 'long']))
    expect(indexed.whole[indexed.words.indexOf('总工会')]).toBe(true)
    expect(indexed.whole[indexed.words.indexOf('工会')]).toBe(false)
  })
})

describe('forEachGramKey and queryGramKeys', () => {
  it('gives every character and character pair of each run, and a query the grams every match holds', () => {
    const keys: number[] = []
    forEachGramKey('工会,long', key => keys.push(key))
    const gram = (text: string): number => {
      const [a, b] = [...text].map(char => char.codePointAt(0)!)
      return a! * GRAM_KEY_BASE + (b ?? 0)
    }
    expect(keys.sort()).toEqual(['工', '会', '工会', 'l', 'o', 'n', 'g', 'lo', 'on', 'ng'].map(gram).sort())
    expect(queryGramKeys('饺')).toEqual([gram('饺')])
    expect(queryGramKeys('冬季送').sort()).toEqual([gram('冬季'), gram('季送')].sort())
    expect(queryGramKeys('，。')).toEqual([])
  })
})

describe('createAnalyzer().queryWords', () => {
  it('cuts a query into normalized words without subwords or punctuation', () => {
    expect(analyzer.queryWords('溫暖基金，ＬＯＮＧ街')).toEqual(['温暖', '基金', 'long', '街'])
    expect(analyzer.queryWords('，。！')).toEqual([])
  })
})

describe('user words', () => {
  const words = (a: ReturnType<typeof createAnalyzer>, text: string): string[] => a.analyze(text).filter(t => t.kind === 'word').map(t => t.term)

  it('belong to the analyzer given them: another analyzer cuts as if they did not exist', () => {
    const text = '宗晓畅和天岳恒的同事'
    const plainBefore = words(createAnalyzer(), text)
    const withWords = createAnalyzer({ userWords: ['宗晓畅和天'] })
    expect(words(withWords, text)[0]).toBe('宗晓畅和天')
    const plainAfter = createAnalyzer()
    expect(words(plainAfter, text)).toEqual(plainBefore)
    expect(plainBefore).not.toContain('宗晓畅和天')
    expect(plainAfter.fingerprint).toBe(createAnalyzer().fingerprint)
    // The first analyzer keeps its own words after the others were used.
    expect(words(withWords, text)[0]).toBe('宗晓畅和天')
  })

  it('give two analyzers of one process two different cuts of the same text', () => {
    const text = '和平街街道窦店镇'
    const a = createAnalyzer({ userWords: ['和平街街道'] })
    const b = createAnalyzer({ userWords: ['街街', '窦店镇'] })
    expect(words(a, text)).toContain('和平街街道')
    expect(words(b, text)).not.toContain('和平街街道')
    expect(words(b, text)).toContain('窦店镇')
    expect(words(a, text)).toContain('和平街街道')
  })

  it('are found in normalized text: a traditional or full-width user word cuts the simplified text', () => {
    const a = createAnalyzer({ userWords: ['溫暖礼盒'] })
    expect(words(a, '送去温暖礼盒')).toContain('温暖礼盒')
    expect(words(a, '送去溫暖禮盒')).toContain('温暖礼盒')
  })

  it('leave a longer word of Jieba whole and become its subwords, and have their own subwords', () => {
    const a = createAnalyzer({ userWords: ['市总工'] })
    const tokens = a.analyze('北京市总工会举办培训班')
    expect(tokens.filter(t => t.kind === 'word').map(t => t.term)).toContain('北京市总工会')
    expect(tokens.filter(t => t.kind === 'subword').map(t => [t.term, t.start, t.end])).toContainEqual(['市总工', 2, 5])
    const b = createAnalyzer({ userWords: ['温暖基金会'] })
    const subwords = b.analyze('温暖基金会成立').filter(t => t.kind === 'subword').map(t => [t.term, t.start, t.end])
    expect(subwords).toEqual(expect.arrayContaining([['温暖', 0, 2], ['基金', 2, 4], ['基金会', 2, 5]]))
  })

  it('cut the words Jieba cut across their edges again from what is left', () => {
    const text = '我们和天津的朋友'
    const a = createAnalyzer({ userWords: ['们和天'] })
    const cut = a.analyze(text).filter(t => t.kind === 'word')
    expect(cut.map(t => t.term)).toContain('们和天')
    // Words still cover the text without gaps or overlaps.
    let at = 0
    for (const token of cut) {
      expect(token.start).toBe(at)
      at = token.end
    }
    expect(at).toBe(text.length)
  })

  it('are refused when they are not an array of strings', () => {
    expect(() => createAnalyzer({ userWords: '刘欣欣' as never })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }))
    expect(() => createAnalyzer({ userWords: [1] as never })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }))
  })
})

describe('an analyzer given something that is not text', () => {
  it('refuses it with INVALID_REQUEST naming the method, never a TypeError', () => {
    for (const bad of [null, undefined, 42, {}, ['工会']]) {
      for (const call of [() => analyzer.analyze(bad as never), () => analyzer.normalize(bad as never), () => analyzer.queryWords(bad as never), () => analyzer.indexText(bad as never), () => analyzer.normalizeTerm(bad as never)]) {
        expect(call).toThrow(expect.objectContaining({ name: 'ZhsearchError', code: 'INVALID_REQUEST', message: expect.stringMatching(/\w+\(\) takes a string/) }))
      }
    }
  })
})

describe('createAnalyzer().fingerprint', () => {
  it('changes with the user dictionary and not with its order', () => {
    const a = createAnalyzer({ userWords: ['甲乙', '丙丁'] })
    const b = createAnalyzer({ userWords: ['丙丁', '甲乙'] })
    expect(a.fingerprint).toBe(b.fingerprint)
    expect(createAnalyzer().fingerprint).not.toBe(a.fingerprint)
  })

  it('names the installed nodejieba, whose dictionary decides the words (another version rebuilds the index)', () => {
    const installed = (createRequire(import.meta.url)('nodejieba/package.json') as { version: string }).version

    expect(segmenterVersion()).toBe(`nodejieba@${installed}`)
  })
})

describe('characterGrams and queryGrams', () => {
  it('counts characters outside the BMP as one character', () => {
    expect(characterGrams('𠀀工').map(g => g.term)).toEqual(['𠀀', '工', '𠀀工'])
    expect(queryGrams('𠀀')).toEqual(['𠀀'])
  })

  it('finds a one-character word by its unigram and a longer one by its bigrams', () => {
    expect(queryGrams('饺')).toEqual(['饺'])
    expect(queryGrams('北京市总工会')).toEqual(['北京', '京市', '市总', '总工', '工会'])
  })
})
