import { fail } from './segment/segment-format-error.js'

/** A 0/1 array as a bitset in base64. */
export function encodeBits (flags: Uint8Array): string {
  const bits = new Uint8Array(Math.ceil(flags.length / 8))
  for (let i = 0; i < flags.length; i++) if (flags[i] === 1) bits[i >> 3]! |= 1 << (i & 7)
  return Buffer.from(bits).toString('base64')
}

/**
 * A segment's tombstones from their bitset: one bit a document, none past the last
 * document, and not every document deleted (a segment whose documents are all deleted is
 * dropped by the merge policy, never saved).
 */
export function decodeBits (base64: string, length: number): Uint8Array {
  const bits = Buffer.from(base64, 'base64')
  if (bits.length !== Math.ceil(length / 8) || bits.toString('base64') !== base64) fail(`its tombstones are ${bits.length} bytes of base64, ${length} documents take ${Math.ceil(length / 8)}`)
  const flags = new Uint8Array(length)
  let deleted = 0
  for (let i = 0; i < length; i++) deleted += flags[i] = (bits[i >> 3]! >> (i & 7)) & 1
  if (length % 8 !== 0 && bits[bits.length - 1]! >> (length % 8) !== 0) fail('its tombstones delete documents past its last')
  if (deleted === length) fail(`its tombstones delete all its ${length} documents`)
  return flags
}
