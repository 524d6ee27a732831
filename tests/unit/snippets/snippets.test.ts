import { describe, expect, it } from 'vitest'
import { createAnalyzer } from '../../../src/analysis/analyzer.js'
import { chooseFragments, splitSentences } from '../../../src/snippets/choose-fragments.js'
import { buildSnippets, highlightText } from '../../../src/snippets/build-snippets.js'
import { locateMatches } from '../../../src/snippets/locate-matches.js'
import { escapeHtml, renderHighlighted } from '../../../src/snippets/render-html.js'

const analyzer = createAnalyzer()

describe('locateMatches', () => {
  it('finds normalized terms at the original characters of traditional and full-width text', () => {
    const text = '“溫暖基金”捐ＡＢＣ１２３元'
    const spans = locateMatches(analyzer.normalize(text), ['温暖基金', 'abc123'])
    expect(spans.map(span => text.slice(span.start, span.end))).toEqual(['溫暖基金', 'ＡＢＣ１２３'])
  })

  it('merges overlapping matches so marks never nest', () => {
    const text = '冬季送温暖活动'
    const spans = locateMatches(analyzer.normalize(text), ['冬季送温暖', '温暖活动'])
    expect(spans.map(span => text.slice(span.start, span.end))).toEqual(['冬季送温暖活动'])
  })
})

describe('renderHighlighted', () => {
  it('escapes document text, including inside marks', () => {
    const text = '<b>工会</b> & "饺子"'
    const html = renderHighlighted(text, [{ start: 3, end: 5, term: '工会' }])
    expect(html).toBe('&lt;b&gt;<mark>工会</mark>&lt;/b&gt; &amp; &quot;饺子&quot;')
  })

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;')
  })
})

describe('splitSentences', () => {
  it('ends sentences at full stops, question marks and closing quotes, and at line breaks', () => {
    const text = '“感谢工会。”李腾说。真的吗？\n新段落'
    expect(splitSentences(text).map(([s, e]) => text.slice(s, e))).toEqual(['“感谢工会。”', '李腾说。', '真的吗？', '新段落'])
  })
})

describe('chooseFragments', () => {
  const body = '第一句没有要找的词。' + '这一句很长，'.repeat(30) + '这里有工会两个字。' + '最后一句也提到工会。'

  it('clips a long sentence around its first match, with the match inside', () => {
    const text = '开头' + '很长的句子，'.repeat(40) + '工会在这里' + '，后面还有很多字'.repeat(20) + '。'
    const spans = locateMatches(analyzer.normalize(text), ['工会'])
    const [fragment] = chooseFragments(text, spans, { length: 100 })
    expect(fragment!.end - fragment!.start).toBeLessThanOrEqual(100)
    expect(text.slice(fragment!.start, fragment!.end)).toContain('工会')
    expect(fragment!.clippedStart).toBe(true)
    expect(fragment!.clippedEnd).toBe(true)
  })

  it('gives at most the number of fragments asked for, in text order', () => {
    const text = Array.from({ length: 8 }, (_, i) => `第${i}段提到工会。` + '无关的话，'.repeat(20) + '结束。').join('\n')
    const spans = locateMatches(analyzer.normalize(text), ['工会'])
    const fragments = chooseFragments(text, spans, { maxFragments: 3 })
    expect(fragments).toHaveLength(3)
    expect(fragments.map(f => f.start)).toEqual([...fragments.map(f => f.start)].sort((a, b) => a - b))
  })

  it('prefers the sentence with the most distinct matched terms', () => {
    const text = '只有饺子。' + '无关的话。'.repeat(30) + '冬至吃饺子。'
    const spans = locateMatches(analyzer.normalize(text), ['冬至', '饺子'])
    const [fragment] = chooseFragments(text, spans, { maxFragments: 1, length: 20 })
    expect(text.slice(fragment!.start, fragment!.end)).toContain('冬至吃饺子')
  })

  it('shows the opening of the text when nothing matches', () => {
    const fragments = chooseFragments(body, [], {})
    expect(fragments).toHaveLength(1)
    expect(body.slice(fragments[0]!.start, fragments[0]!.end)).toMatch(/^第一句没有要找的词。/)
  })
})

describe('buildSnippets', () => {
  it('marks the original traditional characters for a simplified term and adds ellipses where clipped', () => {
    const text = '前文'.repeat(80) + '，溫暖基金，' + '後文'.repeat(80) + '。'
    const indexed = analyzer.indexText(text)
    const [snippet] = buildSnippets({ normalized: indexed.normalized, patches: indexed.patches }, ['温暖基金'], { length: 60 })
    expect(snippet).toContain('<mark>溫暖基金</mark>')
    expect(snippet!.startsWith('…')).toBe(true)
    expect(snippet!.endsWith('…')).toBe(true)
  })

  it('highlights a whole text for the article view', () => {
    expect(highlightText(analyzer.normalize('北京市總工會'), ['工会'])).toBe('北京市總<mark>工會</mark>')
  })
})

describe('buildSnippets on text with characters outside the BMP', () => {
  it('never cuts a fragment through a surrogate pair (emoji, rare ideographs)', () => {
    const body = '😀'.repeat(150) + '工会' + '𠀀'.repeat(150)
    const indexed = analyzer.indexText(body)
    for (const length of [40, 60, 61, 99, 100]) {
      for (const snippet of buildSnippets({ normalized: indexed.normalized, patches: indexed.patches }, ['工会'], { length })) {
        const text = snippet.replace(/<\/?mark>/g, '').replace(/…/g, '')
        expect(text, `length ${length}`).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
        expect(snippet).toContain('<mark>工会</mark>')
      }
    }
  })

  // Issue #15, item 2: snippets of a long article cost what the fragments shown cost.
  it('reads only the patches around the fragments it shows, however long the article', () => {
    // Full-width punctuation every sentence: thousands of patches back to the original.
    const sentence = '工人们在寒冷的冬天里坚持工作，保障了城市的运行。'
    const indexed = analyzer.indexText(sentence.repeat(2_000) + '这里有饺子。' + sentence.repeat(2_000))
    let reads = 0
    const patches = new Proxy(indexed.patches, {
      get (target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++
        return Reflect.get(target, key, receiver)
      },
    })
    const [snippet] = buildSnippets({ normalized: indexed.normalized, patches }, ['饺子'])
    expect(snippet).toContain('<mark>饺子</mark>')
    expect(snippet).toContain('，')
    expect(indexed.patches.length).toBeGreaterThanOrEqual(4_000)
    expect(reads).toBeLessThan(200)
  })
})
