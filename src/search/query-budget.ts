/** The clock of a budget: globalThis.performance, in Node and in a browser alike (no node: import here). */
const clock = (): number => globalThis.performance.now()

/**
 * How long one query may work before it answers with what it has found. The work of a
 * query is synchronous: without a bound, one costly query (a common character confirmed
 * in every long article of a large index) holds the server's thread while the short ones
 * queue behind it and time out.
 */
export class QueryBudget {
  private readonly deadline: number
  private exhausted = false

  /** `ms` of work from now; `0` (or less) for no limit. */
  constructor (ms: number) {
    this.deadline = ms > 0 ? clock() + ms : Number.POSITIVE_INFINITY
  }

  /** True once the time is up (and from then on): the caller stops and keeps what it has. */
  spent (): boolean {
    if (!this.exhausted && clock() > this.deadline) this.exhausted = true
    return this.exhausted
  }

  /** True when some work was skipped: the answer is incomplete. */
  get ranOut (): boolean {
    return this.exhausted
  }
}

/** No limit: for callers that must see every match (reindexing, tests against grep). */
export const UNLIMITED_BUDGET = new QueryBudget(0)

/** Confirming candidates against the stored text checks the clock once per this many. */
export const BUDGET_CHECK_INTERVAL = 256
