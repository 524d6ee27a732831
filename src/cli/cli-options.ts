import { type Command, Option } from 'commander'
import { z } from 'zod'

/** The corpus folder when `--corpus` is not given (the repository's default corpus). */
export const DEFAULT_CORPUS = 'corpus'
/** The index folder when `--index` is not given. */
export const DEFAULT_INDEX = 'index'

/** `--corpus <dir>`, shared by the commands that read the corpus. */
export function corpusOption (): Option {
  return new Option('-c, --corpus <dir>', 'the corpus folder (.txt, .md, .json, .jsonl files and user.dict)').default(DEFAULT_CORPUS)
}

/** `--index <dir>`, shared by the commands that read or write the index. */
export function indexOption (): Option {
  return new Option('-i, --index <dir>', 'the index folder').default(DEFAULT_INDEX)
}

/** `--json`: one JSON document on stdout instead of text for people. */
export function jsonOption (): Option {
  return new Option('--json', 'print JSON (for scripts) instead of text').default(false)
}

/** A folder path given on the command line. */
export const FolderSchema = z.string().trim().min(1, 'needs a folder path')

/** A whole number given on the command line, within [min, max]. */
export function wholeNumber (min: number, max: number): z.ZodType<number, string | number> {
  return z.coerce.number<string | number>({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
}

/**
 * Parses a command's options (and arguments) with its schema. An invalid value is a usage
 * error: commander prints it like its own (`error: option '--limit <n>' …`) and main.ts
 * exits with code 2.
 */
export function parseOptions<S extends z.ZodType> (command: Command, schema: S, raw: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const key = String(issue.path[0] ?? '')
  const option = command.options.find(candidate => candidate.attributeName() === key)
  const what = option !== undefined ? `option '${option.flags}'` : `argument '${key}'`
  const value = raw[key]
  const got = value === undefined ? '' : ` (got ${JSON.stringify(value)})`
  return command.error(`error: ${what} ${issue.message}${got}`, { exitCode: 2, code: 'zhsearch.invalidOption' })
}

/** `--engine sphinxql://HOST:PORT`: search a cluster instead of the index folder (default: $ZHSEARCH_ENGINE). */
export function engineOption (): Option {
  const option = new Option('--engine <address>', 'a search cluster (sphinxql://HOST:PORT) instead of the index folder')
  return process.env.ZHSEARCH_ENGINE !== undefined && process.env.ZHSEARCH_ENGINE !== '' ? option.default(process.env.ZHSEARCH_ENGINE) : option
}
