/**
 * Bytes → text for corpus files. Chinese text arrives as UTF-8, as UTF-16 (often
 * from Windows tools) or in the legacy GB2312/GBK encodings; GB18030 is a superset
 * of both, so one strict GB18030 decoder covers them.
 */

/** The encodings `decodeText` recognizes. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

/** What `decodeText` found: the text and its encoding, or why there is no text. */
export type DecodeResult =
  | { ok: true, text: string, encoding: TextEncodingName }
  | { ok: false, code: 'EMPTY_FILE' | 'BINARY_FILE' | 'UNDECODABLE_FILE', message: string }

/**
 * Above this share of control, unassigned, private-use or replacement characters
 * the decoded "text" is taken for binary data. Real text has next to none; random
 * bytes read as UTF-16 or GB18030 have about a quarter.
 */
const MAX_GARBAGE_SHARE = 0.1

/**
 * UTF-16 text without a BOM has its NUL bytes (the high or low halves of ASCII
 * characters) on one parity only. Binary data has them on both.
 */
const MIN_NUL_PARITY_SHARE = 0.9

/**
 * ...and has many of them: every line end is one. A text file with a stray NUL or
 * two is not UTF-16, and reading it as UTF-16 would turn it into plausible garbage.
 */
const MIN_NUL_SHARE = 0.005

const BINARY_MESSAGE = 'looks like binary data, not text; remove it from the corpus folder or convert it to UTF-8 text'
const UNDECODABLE_MESSAGE = 'is not valid UTF-8, UTF-16 or GB18030 (GBK) text; save it as UTF-8'

/**
 * Decodes a corpus file's bytes: a BOM decides the encoding (a UTF-8 BOM is
 * dropped); otherwise a UTF-16 NUL-byte pattern, then strict UTF-8, then strict
 * GB18030. Line ends come back as `\n` only.
 *
 * Never throws. Zero bytes or whitespace-only text give `EMPTY_FILE`; NUL bytes
 * that are not UTF-16, or text that is mostly control characters, give
 * `BINARY_FILE`; bytes no decoder accepts give `UNDECODABLE_FILE`.
 *
 * @example
 * decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4])) // { ok: true, text: '中文', encoding: 'gb18030' }
 */
export function decodeText (bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) {
    return { ok: false, code: 'EMPTY_FILE', message: 'the file is empty' }
  }
  const bom = sniffBom(bytes)
  if (bom !== undefined) {
    const text = strictDecode(bom, bytes)
    if (text === undefined) {
      return { ok: false, code: 'UNDECODABLE_FILE', message: `starts with a ${bom.toUpperCase()} byte order mark but is not valid ${bom.toUpperCase()}; save it as UTF-8` }
    }
    return finish(text, bom)
  }

  const utf16 = sniffUtf16ByNuls(bytes)
  if (utf16 === 'binary') {
    return { ok: false, code: 'BINARY_FILE', message: BINARY_MESSAGE }
  }
  if (utf16 !== undefined) {
    const text = strictDecode(utf16, bytes)
    if (text === undefined) {
      // NULs on one parity only, yet not UTF-16: most likely binary data.
      return { ok: false, code: 'BINARY_FILE', message: BINARY_MESSAGE }
    }
    return finish(text, utf16)
  }

  for (const encoding of ['utf-8', 'gb18030'] as const) {
    const text = strictDecode(encoding, bytes)
    if (text !== undefined) return finish(text, encoding)
  }
  return { ok: false, code: 'UNDECODABLE_FILE', message: UNDECODABLE_MESSAGE }
}

function sniffBom (bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return undefined
}

/** `undefined` when the bytes hold no NUL; `'binary'` when NULs are scattered over both parities. */
function sniffUtf16ByNuls (bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'binary' | undefined {
  let even = 0
  let odd = 0
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) even++
      else odd++
    }
  }
  const total = even + odd
  if (total === 0) return undefined
  if (total < bytes.length * MIN_NUL_SHARE) return 'binary'
  // Little-endian puts the zero high byte of an ASCII character second (odd offset).
  if (odd >= total * MIN_NUL_PARITY_SHARE) return 'utf-16le'
  if (even >= total * MIN_NUL_PARITY_SHARE) return 'utf-16be'
  return 'binary'
}

/** Decodes with a fatal decoder; `undefined` when the bytes are not valid in `encoding`. The BOM, if any, is dropped. */
function strictDecode (encoding: TextEncodingName, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

function finish (decoded: string, encoding: TextEncodingName): DecodeResult {
  const text = decoded.replace(/\r\n?/g, '\n')
  if (text.trim() === '') {
    return { ok: false, code: 'EMPTY_FILE', message: 'the file holds only white space' }
  }
  if (garbageShare(text) > MAX_GARBAGE_SHARE) {
    return { ok: false, code: 'BINARY_FILE', message: BINARY_MESSAGE }
  }
  return { ok: true, text, encoding }
}

/** Characters looked at by `garbageShare`: a sample this large tells text from binary, and large files stay fast. */
const GARBAGE_SAMPLE = 100_000

/** Share of characters no text file would hold: controls (other than white space), unassigned, private-use, lone surrogates, U+FFFD. */
function garbageShare (text: string): number {
  let total = 0
  let garbage = 0
  for (const char of text) {
    if (total === GARBAGE_SAMPLE) break
    total++
    if (GARBAGE.test(char)) garbage++
  }
  return total === 0 ? 0 : garbage / total
}

const GARBAGE = /^(?![\t\n\v\f\r])[\p{Cc}\p{Cn}\p{Co}\p{Cs}\uFFFD]$/u
