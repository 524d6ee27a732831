/*
 * Binary search over sorted data, once for every sorted array of zhsearch (dictionaries,
 * gram keys, document numbers, patches, segment bases).
 */

/**
 * The first position in `[0, count)` that is not below what is looked for, where
 * `below(i)` says whether position i is (and is true for a prefix of the positions only).
 */
export function partitionPoint (count: number, below: (position: number) => boolean): number {
  let low = 0
  let high = count
  while (low < high) {
    const middle = (low + high) >>> 1
    if (below(middle)) low = middle + 1
    else high = middle
  }
  return low
}

/** The first index whose value is ≥ `value` in an ascending array. */
export function lowerBound (values: ArrayLike<number>, value: number): number {
  return partitionPoint(values.length, i => values[i]! < value)
}

/** The index of `value` in an ascending array, or -1. */
export function indexOfSorted (values: ArrayLike<number>, value: number): number {
  const at = lowerBound(values, value)
  return at < values.length && values[at] === value ? at : -1
}

/** The first of `count` ascending strings (`at(i)`) that is ≥ `value` (code-unit order). */
export function lowerBoundString (at: (i: number) => string, count: number, value: string): number {
  return partitionPoint(count, i => at(i) < value)
}
