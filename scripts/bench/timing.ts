/** Query latency, measured one query at a time on this thread. */
import { performance } from 'node:perf_hooks'
import { mean, median, percentile } from '../lib/stats.js'
import type { QueryTimings } from './types.js'

/** Each query's time in ms, one after another. */
export async function timeEach<Q> (queries: readonly Q[], run: (query: Q) => unknown): Promise<number[]> {
  const times: number[] = []
  for (const query of queries) {
    const started = performance.now()
    await run(query)
    times.push(performance.now() - started)
  }
  return times
}

/** One warm-up pass, then `passes` timed ones; each figure is the median over the passes. */
export async function timeQueries<Q> (queries: readonly Q[], passes: number, run: (query: Q) => unknown): Promise<QueryTimings> {
  for (const query of queries) await run(query)
  const results: QueryTimings['passes'] = []
  for (let pass = 0; pass < passes; pass++) {
    const times = await timeEach(queries, run)
    results.push({ p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), p99Ms: percentile(times, 0.99), meanMs: mean(times) })
  }
  const over = (key: keyof QueryTimings['passes'][number]): number => median(results.map(result => result[key]))
  return { p50Ms: over('p50Ms'), p95Ms: over('p95Ms'), p99Ms: over('p99Ms'), meanMs: over('meanMs'), passes: results }
}
