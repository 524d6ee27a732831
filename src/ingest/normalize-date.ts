/**
 * Dates as sources write them (`2023-12-21`, `2023/12/21`, `2023年12月21日`,
 * `2023-12-21T08:00:00+08:00`) → ISO `YYYY-MM-DD`, so that dates sort and filter
 * alike whatever the source.
 */

const PATTERNS = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/u,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日/u,
]

/**
 * The ISO `YYYY-MM-DD` form of `value` when it starts with a readable calendar
 * date; otherwise `value` trimmed, as given (the type promises ISO only "where it
 * could be read"). `undefined` for a blank value.
 */
export function normalizeDate (value: string): string | undefined {
  const text = value.trim()
  if (text === '') return undefined
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text)
    if (match === null) continue
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
    const date = new Date(Date.UTC(year, month - 1, day))
    // Date.UTC rolls 2023-02-31 over into March; such a date is not readable.
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    }
  }
  return text
}
