import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { ByteWriter } from '../../indexing/segment/varint.js'

/** The words file of consecutive documents, field by field (format.ts): a field's lengths side by side compress best. */
export class FieldLengths {
  private columns: number[][] = []

  constructor () {
    this.reset()
  }

  add (field: number, words: number): void {
    this.columns[field]!.push(words)
  }

  finish (): Uint8Array {
    const writer = new ByteWriter()
    for (const column of this.columns) for (const value of column) writer.writeVarint(value)
    this.reset()
    return writer.finish()
  }

  private reset (): void {
    this.columns = Array.from({ length: FIELD_COUNT }, () => [])
  }
}
