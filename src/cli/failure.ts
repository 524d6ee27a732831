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
  if (error instanceof CommanderError) return { exitCode: exitCodeFor(error), lines: [] }
  const { isZhsearchError } = await loadLibrary()
  const exitCode = exitCodeFor(error, isZhsearchError)
  const stack = options.verbose && error instanceof Error && error.stack !== undefined ? [error.stack] : []
  if (isZhsearchError(error)) return { exitCode, lines: [error.message, ...stack] }
  const message = error instanceof Error ? error.message : String(error)
  const advice = SYSTEM_ADVICE[(error as NodeJS.ErrnoException | undefined)?.code ?? '']
  // Advice says what to do; without it, the stack is the next thing to look at.
  const hint = options.verbose || advice !== undefined ? [] : ['(run again with --verbose, or DEBUG=1, to see where it failed)']
  return { exitCode: EXIT_CODES.failure, lines: [`zhsearch: ${message}${advice !== undefined ? `; ${advice}` : ''}`, ...hint, ...stack] }
}

/** True when stack traces were asked for: `--verbose` on the command line or `DEBUG` set. */
export function verboseRequested (argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const debug = env.DEBUG
  return argv.includes('--verbose') || (debug !== undefined && debug !== '' && debug !== '0' && debug !== 'false')
}

/** What to do about the file-system errors a person can fix. */
const SYSTEM_ADVICE: Readonly<Record<string, string>> = {
  EACCES: 'check the permissions of the folder, or pass another --index or --corpus',
  EPERM: 'check the permissions of the folder, or pass another --index or --corpus',
  EROFS: 'the file system is read-only; pass an --index folder on a writable disk',
  ENOSPC: 'the disk is full; free some space and run the command again',
  EMFILE: 'too many open files; raise the limit (ulimit -n) and run the command again',
  EADDRINUSE: 'another program listens on that port; pass --port (or set PORT) to use another',
  EADDRNOTAVAIL: 'this machine has no such address; pass --host 127.0.0.1 or another of its addresses',
}
