import { grow } from './grow.js'

/** A growing list of 32-bit integers in a typed array (no boxed numbers, no per-item objects). */
export class IntList {
  private items: Int32Array
  length = 0

  constructor (capacity = 1024) {
    this.items = new Int32Array(capacity)
  }

  push (value: number): void {
    this.items = grow(this.items, this.length + 1)
    this.items[this.length++] = value
  }

  get (index: number): number {
    return this.items[index]!
  }

  /** The values, trimmed to their length (a view; do not push afterwards). */
  view (): Int32Array {
    return this.items.subarray(0, this.length)
  }
}
