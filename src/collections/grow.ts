/** A typed array of one of the kinds zhsearch grows while building. */
type Growable = Int32Array | Uint32Array | Uint8Array | Float64Array

/**
 * A copy of `array` with room for at least `length` items, doubling its size (so that
 * appending one at a time costs amortized constant time); new items are `fill`. Returns the
 * array itself when it is already long enough.
 */
export function grow<T extends Growable> (array: T, length: number, fill = 0): T {
  if (length <= array.length) return array
  const next = new (array.constructor as new (size: number) => T)(Math.max(array.length * 2, length))
  next.set(array)
  if (fill !== 0) next.fill(fill, array.length)
  return next
}
