/**
 * Postings are written as variable-length integers (7 bits a byte, high bit = more),
 * document numbers as gaps from the previous one: most gaps and term frequencies fit in
 * one byte, the way Lucene and codesearch store them.
 */

/** A growing byte buffer for postings. */
export class ByteWriter {
  private bytes = new Uint8Array(1024)
  length = 0

  writeVarint (value: number): void {
    if (this.length + 5 > this.bytes.length) this.grow(5)
    while (value >= 0x80) {
      this.bytes[this.length++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    this.bytes[this.length++] = value
  }

  writeByte (value: number): void {
    if (this.length + 1 > this.bytes.length) this.grow(1)
    this.bytes[this.length++] = value
  }

  /** The bytes written, trimmed to their length. */
  finish (): Uint8Array {
    return this.bytes.slice(0, this.length)
  }

  private grow (extra: number): void {
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra))
    next.set(this.bytes.subarray(0, this.length))
    this.bytes = next
  }
}

/** Reads varints from `bytes` starting at `position`; `position` moves past each value read. */
export class ByteReader {
  position: number

  constructor (readonly bytes: Uint8Array, position = 0) {
    this.position = position
  }

  readVarint (): number {
    const bytes = this.bytes
    let byte = bytes[this.position++]!
    let value = byte & 0x7f
    let shift = 7
    while (byte >= 0x80) {
      byte = bytes[this.position++]!
      value |= (byte & 0x7f) << shift
      shift += 7
    }
    return value >>> 0
  }

  readByte (): number {
    return this.bytes[this.position++]!
  }
}
