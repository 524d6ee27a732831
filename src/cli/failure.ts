import { CommanderError } from 'commander'
import { EXIT_CODES, exitCodeFor, type ExitCode } from './exit-codes.js'
import { loadLibrary } from './library.js'

/** How a command's failure is shown: the exit code and the lines for stderr. */
export interface Failure {
  exitCode: ExitCode
  /** Lines for stderr; empty when commander has already printed its own message. */
  lines: string[]
}

/**
 * Turns an error that ended a command into what the person sees. Expected failures
 * (engine errors with a code, usage errors) show their message only; anything else is a
 * bug or an environment problem, shown with its message and a pointer to `--verbose`.
 * The stack trace is shown only when asked for (`--verbose` or `DEBUG`).
 */
export async function describeFailure (error: unknown, options: { verbose: boolean }): Promise<Failure> {
  // Commander printed its message (or the help) already.
  if (error instanceof CommanderError) return { exitCode: exitCodeFor(error, isNever), lines: [] }
  const { isZhsearchError } = await loadLibrary()
  const exitCode = exitCodeFor(error, isZhsearchError)
  const stack = options.verbose && error instanceof Error && error.stack !== undefined ? [error.stack] : []
  if (isZhsearchError(error)) return { exitCode, lines: [error.message, ...stack] }
  const message = error instanceof Error ? error.message : String(error)
  const hint = options.verbose ? [] : ['(run again with --verbose, or DEBUG=1, to see where it failed)']
  return { exitCode: EXIT_CODES.failure, lines: [`zhsearch: ${message}`, ...hint, ...stack] }
}

/** True when stack traces were asked for: `--verbose` on the command line or `DEBUG` set. */
export function verboseRequested (argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const debug = env.DEBUG
  return argv.includes('--verbose') || (debug !== undefined && debug !== '' && debug !== '0' && debug !== 'false')
}

function isNever (_error: unknown): _error is never {
  return false
}
