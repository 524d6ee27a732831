import type { StoredMetadata } from './segment-data.js'

const STRING_KEYS = ['author', 'source', 'url', 'date'] as const
const LIST_KEYS = ['reporters', 'correspondents'] as const

/**
 * A document's stored fields from their JSON in a segment, or undefined when they are not
 * what a writer stores (not JSON, another key, a value of another type): read from a
 * file, they are spread into the article a reader gets, so an `id` or a `title` in them
 * must never pass.
 */
export function parseStoredMetadata (json: string): StoredMetadata | undefined {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  if (!isRecord(value)) return undefined
  for (const [key, field] of Object.entries(value)) {
    const valid = (STRING_KEYS as readonly string[]).includes(key)
      ? typeof field === 'string'
      : (LIST_KEYS as readonly string[]).includes(key)
          ? Array.isArray(field) && field.every(item => typeof item === 'string')
          : key === 'origin' && isOrigin(field)
    if (!valid) return undefined
  }
  return value as StoredMetadata
}

function isOrigin (value: unknown): boolean {
  if (!isRecord(value) || typeof value.file !== 'string' || !Number.isInteger(value.ordinal)) return false
  return Object.keys(value).every(key => key === 'file' || key === 'ordinal' || (key === 'line' && Number.isInteger(value.line)))
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
