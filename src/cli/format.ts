/** Number and size formats for people, shared by the commands. */

// Made on first use: an Intl formatter loads its locale data (~15 ms), which a command printing JSON never needs.
let numberFormat: Intl.NumberFormat | undefined

/** 19594 → "19,594". */
export function formatCount (value: number): string {
  numberFormat ??= new Intl.NumberFormat('en-US')
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

/** An argument as it would be typed in a POSIX shell: `档案/劳动午报` as it is, `my corpus` quoted. */
export function quoteArgument (value: string): string {
  return /^[\p{L}\p{N}_./:@%+=,-]+$/u.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`
}

let relativeTime: Intl.RelativeTimeFormat | undefined

/**
 * A moment as a person reads it: the local date and time to the minute, the zone, and how
 * long ago. `2026-12-01T08:20:05Z` read in Shanghai five minutes later →
 * "2026-12-01 16:20 (UTC+8, 5 minutes ago)". The zone is the system's (TZ sets it).
 */
export function formatLocalTime (iso: string, now: number = Date.now()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const two = (value: number): string => String(value).padStart(2, '0')
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`
  return `${day} ${two(date.getHours())}:${two(date.getMinutes())} (${utcOffset(date)}, ${formatAge(now - date.getTime())})`
}

/** The zone's offset on that date: "UTC", "UTC+8", "UTC-3:30". */
function utcOffset (date: Date): string {
  const minutes = -date.getTimezoneOffset()
  if (minutes === 0) return 'UTC'
  const hours = Math.floor(Math.abs(minutes) / 60)
  const rest = Math.abs(minutes) % 60
  return `UTC${minutes > 0 ? '+' : '-'}${hours}${rest !== 0 ? `:${String(rest).padStart(2, '0')}` : ''}`
}

/** How long ago, in the largest unit that fits: "just now", "5 minutes ago", "3 hours ago", "yesterday", "12 days ago". */
function formatAge (ms: number): string {
  const seconds = ms / 1000
  if (Math.abs(seconds) < 60) return 'just now'
  relativeTime ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
  if (Math.abs(seconds) < 3600) return relativeTime.format(-Math.round(seconds / 60), 'minute')
  if (Math.abs(seconds) < 48 * 3600) return relativeTime.format(-Math.round(seconds / 3600), 'hour')
  return relativeTime.format(-Math.round(seconds / 86_400), 'day')
}

/**
 * What a user dictionary change did, for the embedded and the cluster's reindex alike:
 * `user dictionary: 2 words added (刘欣欣 天岳恒); 4 articles that hold them re-analyzed`.
 */
export function dictionaryLines ({ dictionary }: { dictionary?: { added: readonly string[], removed: readonly string[], reanalyzed: number } | undefined }): string[] {
  if (dictionary === undefined) return []
  const changes = [
    ...(dictionary.added.length > 0 ? [`${plural(dictionary.added.length, 'word')} added (${preview(dictionary.added)})`] : []),
    ...(dictionary.removed.length > 0 ? [`${plural(dictionary.removed.length, 'word')} removed (${preview(dictionary.removed)})`] : []),
  ]
  const words = dictionary.added.length + dictionary.removed.length
  return [`  user dictionary: ${changes.join(', ')}; ${plural(dictionary.reanalyzed, 'article')} that ${dictionary.reanalyzed === 1 ? 'holds' : 'hold'} ${words === 1 ? 'it' : 'them'} re-analyzed`]
}

function preview (words: readonly string[]): string {
  return words.slice(0, 5).join(' ') + (words.length > 5 ? ' …' : '')
}
