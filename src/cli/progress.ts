import type cliProgress from 'cli-progress'
import type { ReindexProgress } from '../internal.js'
import { formatBytes, formatCount, formatDuration, plural } from './format.js'
import { stylesFor } from './output.js'

/** Shows the progress of a reindex. */
export interface ProgressReporter {
  update (progress: ReindexProgress): void
  /**
   * Ends the display; the bar stays on screen, full when the reindex `completed`, as it
   * was when it was interrupted or failed.
   */
  stop (completed?: boolean): void
}

/** How often the plain reporter writes a line when nothing else happens. */
const PLAIN_INTERVAL_MS = 2000

/**
 * A progress bar when `stream` is a terminal; otherwise (CI, logs, pipes) a plain line
 * at each phase and every couple of seconds, which a log keeps readable. cli-progress is
 * loaded only for a bar (every other command, and a reindex into a log, never loads it).
 */
export async function createProgressReporter (stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Promise<ProgressReporter> {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0'
  if (stream.isTTY !== true || ci) return createPlainReporter(stream)
  return createBarReporter(stream, (await import('cli-progress')).default)
}

/** Rate and time left of a phase, from its start. */
class PhaseClock {
  private readonly started = Date.now()

  elapsedMs (): number {
    return Date.now() - this.started
  }

  /** Units per second so far, or undefined before there is anything to go on. */
  rate (done: number): number | undefined {
    const seconds = this.elapsedMs() / 1000
    return done > 0 && seconds >= 0.5 ? done / seconds : undefined
  }

  /** Milliseconds left at the rate so far (undefined when done, or too early to tell). */
  etaMs (done: number, total: number): number | undefined {
    const rate = this.rate(done)
    return rate === undefined || done >= total ? undefined : ((total - done) / rate) * 1000
  }
}

/** The words for a phase: what is being counted, how far, how fast, how long to go. */
function describe (progress: ReindexProgress, clock: PhaseClock): { label: string, done: number, total: number, detail: string } {
  switch (progress.phase) {
    case 'scan':
      return { label: 'scanning', done: 0, total: progress.filesTotal, detail: `${plural(progress.filesTotal, 'file')} in the corpus` }
    case 'read': {
      const rate = clock.rate(progress.bytesDone)
      const eta = clock.etaMs(progress.bytesDone, progress.bytesTotal)
      return {
        label: 'reading',
        done: progress.bytesDone,
        total: progress.bytesTotal,
        detail: [
          `${plural(progress.filesDone, 'changed file')} read`,
          `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`,
          ...(rate !== undefined ? [`${formatBytes(rate)}/s`] : []),
          ...(eta !== undefined ? [`ETA ${formatDuration(eta)}`] : []),
        ].join(' | '),
      }
    }
    case 'index': {
      const rate = clock.rate(progress.articlesDone)
      const eta = clock.etaMs(progress.articlesDone, progress.articlesTotal)
      return {
        label: 'indexing',
        done: progress.articlesDone,
        total: progress.articlesTotal,
        detail: [
          `${formatCount(progress.articlesDone)}/${formatCount(progress.articlesTotal)} articles`,
          ...(rate !== undefined ? [`${formatCount(Math.round(rate))} articles/s`] : []),
          ...(eta !== undefined ? [`ETA ${formatDuration(eta)}`] : []),
        ].join(' | '),
      }
    }
    case 'save':
      return { label: 'saving', done: 0, total: 1, detail: 'writing the new index beside the old one' }
  }
}

function createBarReporter (stream: NodeJS.WriteStream, bars: typeof cliProgress): ProgressReporter {
  const styles = stylesFor(stream)
  let bar: cliProgress.SingleBar | undefined
  let phase: ReindexProgress['phase'] | undefined
  let clock = new PhaseClock()
  let line = { label: '', detail: '' }

  // A phase that gives way to the next one is complete, whatever its last count said
  // (scanning and saving report no counts of their own).
  const finish = (completed: boolean): void => {
    if (completed) bar?.update(bar.getTotal())
    bar?.stop()
    bar = undefined
  }

  return {
    update (progress) {
      if (progress.phase !== phase) {
        finish(true)
        phase = progress.phase
        clock = new PhaseClock()
        bar = new bars.SingleBar({
          stream,
          format: (options, params) => {
            const filled = Math.round(params.progress * (options.barsize ?? 24))
            const gauge = '█'.repeat(filled) + '░'.repeat(Math.max(0, (options.barsize ?? 24) - filled))
            return `${styles.bold(line.label.padEnd(8))} ${gauge} ${String(Math.floor(params.progress * 100)).padStart(3)}% ${styles.dim('|')} ${line.detail}`
          },
          barsize: 24,
          hideCursor: true,
          // Our own signal handler stops the bar; cli-progress's would swallow Ctrl-C.
          gracefulExit: false,
          linewrap: false,
          fps: 8,
          emptyOnZero: true,
        })
        const described = describe(progress, clock)
        line = described
        bar.start(Math.max(described.total, 1), described.total === 0 ? 1 : described.done)
        return
      }
      const described = describe(progress, clock)
      line = described
      bar?.update(described.total === 0 ? 1 : described.done)
    },
    stop: (completed = false) => finish(completed),
  }
}

function createPlainReporter (stream: NodeJS.WriteStream): ProgressReporter {
  let phase: ReindexProgress['phase'] | undefined
  let clock = new PhaseClock()
  let lastLine = 0
  const write = (progress: ReindexProgress): void => {
    const { label, detail } = describe(progress, clock)
    stream.write(`zhsearch reindex: ${label}: ${detail}\n`)
    lastLine = Date.now()
  }
  return {
    update (progress) {
      if (progress.phase !== phase) {
        phase = progress.phase
        clock = new PhaseClock()
        write(progress)
      } else if (Date.now() - lastLine >= PLAIN_INTERVAL_MS) {
        write(progress)
      }
    },
    stop () {},
  }
}
