/**
 * Writes in the order they were called, whatever their sizes and wherever they run: each
 * starts when the ones called before it have finished, and a failed write does not stop
 * the ones after it. On an idle queue a write starts at once, on the calling tick (so an
 * embedded engine's remove() is done when it returns, and a search thread is sent the
 * write before anything called after it). SearchEngine and WorkerSearcher share it.
 */
export class WriteQueue {
  /** The writes called so far, settled either way: the next one starts after it. */
  private last: Promise<void> = Promise.resolve()
  private pending = 0

  /** Runs `work` after the writes called before it; resolves or rejects as it does. */
  run<T> (work: () => T | Promise<T>): Promise<T> {
    this.pending++
    const run = (this.pending === 1 ? new Promise<T>(resolve => resolve(work())) : this.last.then(work))
      .finally(() => { this.pending-- })
    this.last = run.then(() => {}, () => {})
    return run
  }

  /** Resolves once every write called so far has finished (never rejects). */
  idle (): Promise<void> {
    return this.last
  }
}
