import { CommanderError } from 'commander'
import type { ErrorCode, ZhsearchError } from '../internal.js'

/** The exit codes of `zhsearch`, documented in `zhsearch --help`. */
export const EXIT_CODES = {
  /** The command did what was asked (a search with no hits included). */
  ok: 0,
  /** Something failed at run time; stderr says what and what to do. */
  failure: 1,
  /** The command line was wrong: unknown command or option, missing or invalid value. */
  usage: 2,
} as const

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

/** Commander's ways of ending that are not errors. */
const COMMANDER_SUCCESSES = new Set(['commander.helpDisplayed', 'commander.version'])

/** Engine errors caused by what the person typed rather than by the state of files. */
const USAGE_ERROR_CODES = new Set<ErrorCode>(['QUERY_TOO_LONG', 'INVALID_PAGING', 'INVALID_DICTIONARY_WORD'])

/**
 * The exit code for an error that ended a command. `isExpected` tells zhsearch's own
 * errors (with a code) from others; it is passed in so that this module does not load the
 * library (commander's errors need no library).
 */
export function exitCodeFor (error: unknown, isExpected?: (error: unknown) => error is ZhsearchError): ExitCode {
  if (error instanceof CommanderError) return COMMANDER_SUCCESSES.has(error.code) ? EXIT_CODES.ok : EXIT_CODES.usage
  if (isExpected?.(error) === true && USAGE_ERROR_CODES.has((error as ZhsearchError).code)) return EXIT_CODES.usage
  return EXIT_CODES.failure
}
