/** How figures are written in every table: three significant figures, '–' for none. */

export const MIB = 2 ** 20
/** What a cell holds when there is no figure. */
export const NONE = '–'

/** 3 significant figures, without exponent notation. */
export function sig (value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return NONE
  if (value === 0) return '0'
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))))
  return value.toFixed(Math.min(digits, 4))
}

/** Milliseconds as seconds. */
export const seconds = (ms: number | undefined): string => ms === undefined ? NONE : sig(ms / 1000)
/** Bytes as MiB. */
export const mib = (bytes: number | undefined): string => bytes === undefined ? NONE : sig(bytes / MIB)
/** a / b as `1.23x`. */
export const ratio = (a: number | undefined, b: number | undefined): string => a === undefined || b === undefined || b <= 0 || a < 0 ? NONE : `${sig(a / b)}x`
/** found / expected as a percentage (whole when complete). */
export const percent = (found: number, expected: number): string => expected === 0 ? NONE : `${(100 * found / expected).toFixed(found === expected ? 0 : 1)}%`
