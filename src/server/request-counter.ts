import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit'

/**
 * The rate limiter's count of requests per client: a fixed window per client, each
 * increment answered with the count at that increment.
 *
 * express-rate-limit's own MemoryStore answers an increment with its live record of the
 * client, which the limiter reads only after an await. Requests that arrive in one tick
 * (HTTP/1.1 pipelining: Node parses every request of a socket's data at once) each read
 * the count of the whole burst, so 601 pipelined requests were all refused with 429
 * where 600 were all answered. A count taken at the increment keeps the limit per request.
 */
export class RequestCounter implements Store {
  readonly localKeys = true
  private windowMs = 60_000
  private readonly clients = new Map<string, { hits: number, resetTime: Date }>()
  private sweeper: NodeJS.Timeout | undefined

  init (options: Options): void {
    this.windowMs = options.windowMs
    // Forgets clients whose window ended, so the map holds only recent ones.
    this.sweeper = setInterval(() => this.sweep(), this.windowMs)
    this.sweeper.unref()
  }

  async get (key: string): Promise<ClientRateLimitInfo | undefined> {
    const client = this.live(key)
    return client === undefined ? undefined : { totalHits: client.hits, resetTime: client.resetTime }
  }

  async increment (key: string): Promise<ClientRateLimitInfo> {
    let client = this.live(key)
    if (client === undefined) {
      client = { hits: 0, resetTime: new Date(Date.now() + this.windowMs) }
      this.clients.set(key, client)
    }
    client.hits++
    return { totalHits: client.hits, resetTime: client.resetTime }
  }

  async decrement (key: string): Promise<void> {
    const client = this.live(key)
    if (client !== undefined && client.hits > 0) client.hits--
  }

  async resetKey (key: string): Promise<void> {
    this.clients.delete(key)
  }

  async resetAll (): Promise<void> {
    this.clients.clear()
  }

  shutdown (): void {
    clearInterval(this.sweeper)
  }

  /** The client's record, unless its window has ended. */
  private live (key: string): { hits: number, resetTime: Date } | undefined {
    const client = this.clients.get(key)
    return client !== undefined && client.resetTime.getTime() > Date.now() ? client : undefined
  }

  private sweep (): void {
    const now = Date.now()
    for (const [key, client] of this.clients) if (client.resetTime.getTime() <= now) this.clients.delete(key)
  }
}
