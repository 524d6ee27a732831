/** Numbers, durations, ages and dates as a Chinese reader writes them. */

export function formatNumber (value: number): string {
  return value.toLocaleString('zh-CN')
}

export function formatMs (ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} 毫秒`
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} 毫秒`
  return `${(ms / 1000).toFixed(2)} 秒`
}

export function formatAge (seconds: number): string {
  if (seconds < 60) return '刚刚'
  if (seconds < 3600) return `${Math.round(seconds / 60)} 分钟前`
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} 小时前`
  return `${Math.round(seconds / 86_400)} 天前`
}

/** An ISO date (`2024-12-20`, `2024-12`) as a reader writes it (`2024年12月20日`); anything else as given. */
export function formatDate (date: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(date)
  if (match === null) return date
  const [, year, month, day] = match
  return `${year}年${Number(month)}月` + (day !== undefined ? `${Number(day)}日` : '')
}
