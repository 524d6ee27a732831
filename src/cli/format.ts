/** Number and size formats for people, shared by the commands. */

const numberFormat = new Intl.NumberFormat('en-US')

/** 19594 → "19,594". */
export function formatCount (value: number): string {
  return numberFormat.format(value)
}

/** Bytes in binary units: 1536 → "1.5 KiB". */
export function formatBytes (bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

/** Milliseconds as a duration: 0.42 → "0.4 ms", 850 → "850 ms", 12_300 → "12.3 s", 185_000 → "3m05s". */
export function formatDuration (ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const totalSeconds = Math.round(ms / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = String(totalSeconds % 60).padStart(2, '0')
  return hours > 0 ? `${hours}h${String(minutes).padStart(2, '0')}m${seconds}s` : `${minutes}m${seconds}s`
}

/** Singular or plural: plural(1, 'file') → "1 file", plural(2, 'file') → "2 files". */
export function plural (count: number, word: string, many = `${word}s`): string {
  return `${formatCount(count)} ${count === 1 ? word : many}`
}

/** A folder as written in messages: `index` → `index/`, so that it reads as a folder. */
export function folder (path: string): string {
  return path.endsWith('/') || path.endsWith('\\') ? path : `${path}/`
}
