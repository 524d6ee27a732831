/**
 * Postings are written as variable-length integers (7 bits a byte, high bit = more),
 * document numbers as gaps from the previous one: most gaps and term frequencies fit in
 * one byte, the way Lucene and codesearch store them.
 */
import { grow } from '../../collections/grow.js'

/** A growing byte buffer for postings. */
export class ByteWriter {
  private bytes: Uint8Array
  length = 0

  /** `capacity`: bytes to start with (it grows as needed); small when there are many writers. */
  constructor (capacity = 1024) {
    this.bytes = new Uint8Array(capacity)
  }

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
    this.bytes = grow(this.bytes, this.length + extra)
  }
}

/**
 * Reads varints from `bytes[position, end)`; `position` moves past each value read. A
 * value that runs past `end` (or past 32 bits) reads as -1, so a damaged file is found
 * where it is read, never read beyond.
 */
export class ByteReader {
  position: number

  constructor (readonly bytes: Uint8Array, position = 0, readonly end = bytes.length) {
    this.position = position
  }

  get done (): boolean {
    return this.position >= this.end
  }

  /** The next varint, or -1 when it does not end before `end` or needs more than 32 bits. */
  readVarint (): number {
    const { bytes, end } = this
    let value = 0
    for (let shift = 0; this.position < end; shift += 7) {
      const byte = bytes[this.position++]!
      if (shift === 28) return byte > 0x0f ? -1 : (value | (byte << 28)) >>> 0
      value |= (byte & 0x7f) << shift
      if (byte < 0x80) return value
    }
    return -1
  }

  /** The next byte, or -1 past `end`. */
  readByte (): number {
    return this.position < this.end ? this.bytes[this.position++]! : -1
  }
}
