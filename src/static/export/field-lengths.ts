import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { ByteWriter } from '../../indexing/segment/varint.js'

/** The words and units files of consecutive documents, field by field (format.ts): a field's lengths side by side compress best. */
export class FieldLengths {
  private words: number[][] = []
  private units: number[][] = []

  constructor () {
    this.reset()
  }

  add (field: number, words: number, units: number): void {
    this.words[field]!.push(words)
    this.units[field]!.push(units)
  }

  finish (): { words: Uint8Array, units: Uint8Array } {
    const encode = (columns: number[][]): Uint8Array => {
      const writer = new ByteWriter()
      for (const column of columns) for (const value of column) writer.writeVarint(value)
      return writer.finish()
    }
    const files = { words: encode(this.words), units: encode(this.units) }
    this.reset()
    return files
  }

  private reset (): void {
    this.words = Array.from({ length: FIELD_COUNT }, () => [])
    this.units = Array.from({ length: FIELD_COUNT }, () => [])
  }
}
