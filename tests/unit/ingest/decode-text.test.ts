import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeText } from '../../../src/ingest/decode-text.js'

const fixture = (name: string): Uint8Array => readFileSync(new URL(`../../fixtures/ingest/encodings/${name}`, import.meta.url))

describe('decodeText', () => {
  it('decodes UTF-8 and drops its BOM', () => {
    expect(decodeText(fixture('utf8-bom.txt'))).toEqual({
      ok: true,
      encoding: 'utf-8',
      text: '冬至饺子\n\n冬至来临之际，工会为职工送上饺子。\n',
    })
  })

  it('decodes UTF-16 LE and BE by their BOM', () => {
    expect(decodeText(fixture('utf16le-bom.txt'))).toMatchObject({ ok: true, encoding: 'utf-16le', text: '温暖礼盒\n\n工会为职工送去万份温暖礼盒。\n' })
    expect(decodeText(fixture('utf16be-bom.txt'))).toMatchObject({ ok: true, encoding: 'utf-16be', text: '棋牌比赛\n\n康复期患者开展棋牌比赛。\n' })
  })

  it('recognizes UTF-16 without a BOM by its NUL bytes', () => {
    expect(decodeText(fixture('utf16le-no-bom.txt'))).toMatchObject({ ok: true, encoding: 'utf-16le', text: '环卫职工\n\n基金累计帮扶千余名环卫职工。\n' })
    const bigEndian = new Uint8Array(Buffer.from('ab\n', 'utf16le').swap16())
    expect(decodeText(bigEndian)).toMatchObject({ ok: true, encoding: 'utf-16be', text: 'ab\n' })
  })

  it('falls back to GB18030 for GBK bytes', () => {
    expect(decodeText(fixture('gbk.txt'))).toEqual({
      ok: true,
      encoding: 'gb18030',
      text: '工会干部培训班\n\n该公司40余名专、兼职工会干部参加培训。\n',
    })
  })

  it('normalizes \\r\\n and \\r line ends to \\n', () => {
    expect(decodeText(Buffer.from('一\r\n二\r三\n'))).toMatchObject({ ok: true, text: '一\n二\n三\n' })
  })

  it('reports a binary file', () => {
    expect(decodeText(fixture('binary.txt'))).toMatchObject({ ok: false, code: 'BINARY_FILE' })
  })

  it('reports text made of control characters as binary', () => {
    expect(decodeText(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 0x41]))).toMatchObject({ ok: false, code: 'BINARY_FILE' })
  })

  it('reports a UTF-8 file with a stray NUL as binary rather than guessing UTF-16', () => {
    const bytes = Buffer.concat([Buffer.from('正文'.repeat(200)), Buffer.from([0])])
    expect(decodeText(bytes)).toMatchObject({ ok: false, code: 'BINARY_FILE' })
  })

  it('reports an empty or white-space-only file as empty', () => {
    expect(decodeText(fixture('empty.txt'))).toMatchObject({ ok: false, code: 'EMPTY_FILE' })
    expect(decodeText(fixture('whitespace.txt'))).toMatchObject({ ok: false, code: 'EMPTY_FILE' })
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf]))).toMatchObject({ ok: false, code: 'EMPTY_FILE' })
  })

  it('reports bytes that are neither UTF-8 nor GB18030 as undecodable', () => {
    expect(decodeText(new Uint8Array([0x41, 0xff, 0xff, 0x42]))).toMatchObject({ ok: false, code: 'UNDECODABLE_FILE' })
  })

  it('reports a BOM followed by invalid bytes as undecodable', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0x41]))).toMatchObject({ ok: false, code: 'UNDECODABLE_FILE' })
  })
})
