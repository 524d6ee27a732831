/** A stable counting sort of events by key: `order[starts[k] … starts[k + 1]]` are key k's events, in the order they came. */
export function bucketEvents (keys: Int32Array, keyCount: number): { starts: Uint32Array, order: Uint32Array } {
  const starts = new Uint32Array(keyCount + 1)
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++
  for (let k = 0; k < keyCount; k++) starts[k + 1]! += starts[k]!
  const next = starts.slice(0, keyCount)
  const order = new Uint32Array(keys.length)
  for (let i = 0; i < keys.length; i++) order[next[keys[i]!]!++] = i
  return { starts, order }
}

