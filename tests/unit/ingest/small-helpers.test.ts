import { describe, expect, it } from 'vitest'
import { articleId } from '../../../src/ingest/article-id.js'
import { fingerprintBytes } from '../../../src/ingest/fingerprint.js'
import { normalizeDate } from '../../../src/ingest/normalize-date.js'
import { titleFromBody } from '../../../src/ingest/title-from-body.js'

describe('articleId', () => {
  it('combines the corpus-relative path and the ordinal', () => {
    expect(articleId('news/page.txt', 3)).toBe('news/page.txt#3')
  })
})

describe('fingerprintBytes', () => {
  it('is the hex SHA-256 of the bytes', () => {
    expect(fingerprintBytes(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

describe('normalizeDate', () => {
  it('reads common date spellings as ISO dates', () => {
    expect(normalizeDate('2023-12-21')).toBe('2023-12-21')
    expect(normalizeDate('2023/1/5')).toBe('2023-01-05')
    expect(normalizeDate('2023年12月21日')).toBe('2023-12-21')
    expect(normalizeDate('2023-12-21T08:00:00+08:00')).toBe('2023-12-21')
  })

  it('keeps what it cannot read as given', () => {
    expect(normalizeDate('冬至')).toBe('冬至')
    expect(normalizeDate('2023-02-31')).toBe('2023-02-31')
    expect(normalizeDate('  ')).toBeUndefined()
  })
})

describe('titleFromBody', () => {
  it('takes the first sentence without its final mark', () => {
    expect(titleFromBody('冬至来临。工会送饺子。')).toBe('冬至来临')
  })

  it('cuts a long first sentence at 30 characters', () => {
    const title = titleFromBody('一二三四五六七八九十'.repeat(5) + '。')
    expect(title).toBe('一二三四五六七八九十'.repeat(3) + '…')
  })
})
