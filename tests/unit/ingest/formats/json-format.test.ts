import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readJsonFormat } from '../../../../src/ingest/formats/json-format.js'

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/ingest/formats/${name}`, import.meta.url), 'utf8')

describe('readJsonFormat', () => {
  it('reads a single article object, keeping its own id', () => {
    const { articles, problems } = readJsonFormat(fixture('single.json'), 'single.json')
    expect(problems).toEqual([])
    expect(articles).toEqual([{
      id: 'ldwb-2023-001',
      title: '北京市总工会机关系统青年干部座谈会召开',
      kicker: '牢记初心使命 忠诚履职尽责',
      byline: '宗晓畅',
      author: '宗晓畅',
      body: '近日，北京市总工会举办座谈会。\n6名青年干部围绕学习贯彻中国工会十八大精神进行交流发言。',
      date: '2023-12-21',
      source: '劳动午报',
      origin: { file: 'single.json', ordinal: 1 },
    }])
  })

  it('reads an array, skipping bad items with their index and keeping the rest', () => {
    const { articles, problems } = readJsonFormat(fixture('array.json'), 'array.json')
    expect(articles.map((article) => [article.id, article.title, article.body])).toEqual([
      ['101', '温暖基金累计帮扶千余名环卫职工', '2023年，专项温暖基金为26名环卫职工发放救助金。'],
      ['array.json#3', '和平街街道总工会为新就业形态劳动者送上冬至饺子', '和平街街道总工会为新就业形态劳动者送上冬至饺子。大家吃得很开心。'],
    ])
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatchObject({ file: 'array.json', code: 'INVALID_ARTICLE' })
    expect(problems[0]?.message).toContain('[1]')
    expect(problems[0]?.message).toContain('no body text')
    expect(problems[1]?.message).toContain('[3]')
    expect(problems[1]?.message).toContain('title')
  })

  it('reports a file that is not JSON once, with the line of the error', () => {
    const { articles, problems } = readJsonFormat(fixture('not-json.json'), 'not-json.json')
    expect(articles).toEqual([])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ file: 'not-json.json', code: 'INVALID_JSON', line: 2 })
  })

  it('reports JSON that is neither an object nor an array', () => {
    expect(readJsonFormat('"只是一个字符串"', 'x.json').problems).toMatchObject([{ code: 'INVALID_ARTICLE' }])
  })
})
