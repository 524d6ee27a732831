/**
 * What to do when the person presses Ctrl-C (or the process gets SIGTERM) while a command
 * runs: commands register a cleanup (stop the progress bar, say what was kept), and
 * main.ts runs them from its signal handler before exiting.
 */

const cleanups = new Set<() => void>()

/** Registers `cleanup` to run on interruption; returns a function that unregisters it. */
export function onInterrupt (cleanup: () => void): () => void {
  cleanups.add(cleanup)
  return () => { cleanups.delete(cleanup) }
}

/** Runs the registered cleanups, newest first; a failing one does not stop the others. */
export function runInterruptCleanups (): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup()
    } catch {
      // Exiting anyway: a cleanup that fails must not hide the others.
    }
  }
  cleanups.clear()
}
