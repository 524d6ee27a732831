import { z } from 'zod'

/** Reads a setting (option or environment variable), with a message that names where it came from. */
export function setting<T> (schema: z.ZodType<T>, value: unknown, source: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new TypeError(`zhsearch: ${source} ${JSON.stringify(value)} is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
}

/** An environment variable's value, unless it is unset or blank. */
export function nonEmpty (value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
