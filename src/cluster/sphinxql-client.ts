import type { Pool, PoolConnection, RowDataPacket, TypeCastField } from 'mysql2/promise'
import { createError, isZhsearchError } from '../errors.js'

/** A host and port speaking SphinxQL. */
export interface EngineAddress {
  host: string
  port: number
}

export type Row = RowDataPacket

/**
 * Reads an `--engine` address: `sphinxql://HOST:PORT` (the port defaults to 9306).
 * Throws INVALID_ENGINE for anything else.
 */
export function parseEngineAddress (address: string): EngineAddress {
  const match = /^sphinxql:\/\/([^:/\s]+|\[[0-9a-f:]+\])(?::(\d{1,5}))?\/?$/i.exec(address.trim())
  if (match === null) throw createError('INVALID_ENGINE', `--engine takes sphinxql://HOST:PORT (a cluster's head node), not ${JSON.stringify(address)}`)
  const port = match[2] !== undefined ? Number(match[2]) : 9306
  if (port < 1 || port > 65535) throw createError('INVALID_ENGINE', `the port of ${address} must be from 1 to 65535`)
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
}

/** Connections to one searchd over SphinxQL. */
export class SphinxqlClient {
  readonly address: EngineAddress
  /**
   * The connection pool, made on first use: mysql2 is a tenth of a second to load, which a
   * process that never talks to a cluster (a one-off `zhsearch search`) should not pay.
   */
  private pooled: Promise<Pool> | undefined
  private readonly connections: number
  private readonly connectTimeoutMs: number

  constructor (address: EngineAddress, options: { connections?: number, /** Defaults to 10 s: a loaded machine is slow to accept. */ connectTimeoutMs?: number } = {}) {
    this.address = address
    this.connections = options.connections ?? 4
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000
  }

  private pool (): Promise<Pool> {
    this.pooled ??= import('mysql2/promise').then(({ default: mysql }) => mysql.createPool({
      host: this.address.host,
      port: this.address.port,
      connectionLimit: this.connections,
      connectTimeout: this.connectTimeoutMs,
      // Document ids and 64-bit keys exceed 2^53: they come back as decimal strings.
      supportBigNumbers: true,
      bigNumberStrings: true,
      enableKeepAlive: true,
      // Several SELECTs in one round trip (SphinxQL multi-statement batches): see batch().
      multipleStatements: true,
      typeCast: decodeText,
    }))
    return this.pooled
  }

  /** `host:port`, for messages. */
  get name (): string {
    return `${this.address.host}:${this.address.port}`
  }

  /** Runs one statement; the rows of a SELECT (empty for others). */
  async query (sql: string): Promise<Row[]> {
    return this.withConnection(connection => runQuery(connection, sql))
  }

  /**
   * Runs statements in one round trip (a SphinxQL multi-statement batch: searchd runs them in
   * order on one thread) and returns each one's rows as arrays of column values.
   */
  async batch (statements: readonly string[]): Promise<unknown[][][]> {
    if (statements.length === 0) return []
    return this.withConnection(async connection => {
      const results = await runArrays(connection, statements.join(';\n'))
      return statements.length === 1 ? [results as unknown[][]] : (results as unknown[][][]).map(rows => (Array.isArray(rows) ? rows : []))
    })
  }

  /** Runs statements on one connection (SHOW META after a SELECT needs the same connection). */
  async withConnection<T> (work: (connection: PoolConnection) => Promise<T>): Promise<T> {
    let connection: PoolConnection
    try {
      connection = await (await this.pool()).getConnection()
    } catch (error) {
      throw unreachable(this.address, error)
    }
    try {
      return await work(connection)
    } catch (error) {
      // A connection that broke is not given back to the pool.
      if (isConnectionError(error)) {
        connection.destroy()
        throw unreachable(this.address, error)
      }
      throw error
    } finally {
      connection.release()
    }
  }

  /** True when the node answers a query now. */
  async healthy (): Promise<boolean> {
    try {
      await this.query('SHOW STATUS')
      return true
    } catch {
      return false
    }
  }

  /** Closes every connection; a connection that failed to open is no reason to fail. */
  async close (): Promise<void> {
    if (this.pooled !== undefined) await (await this.pooled).end().catch(() => {})
  }
}

/** Column types searchd sends text in (string attributes, SHOW and CALL answers). */
const TEXT_TYPES = new Set(['STRING', 'VAR_STRING', 'BLOB'])

/**
 * Reads text columns as the UTF-8 searchd sends. Sphinx 2.2 labels them with MySQL's
 * 3-byte `utf8`, which mysql2 decodes as CESU-8 in JavaScript: every character above
 * U+FFFF (an emoji, CJK extension B) came back as four U+FFFD (measured), and the
 * decoding was a tenth of a cluster search's time (profiled on DuReader).
 */
function decodeText (field: TypeCastField, next: () => unknown): unknown {
  return TEXT_TYPES.has(field.type) ? field.string('utf8') : next()
}

/** Runs a statement; Sphinx's own errors become CLUSTER_ERROR naming the node. */
export async function runQuery (connection: PoolConnection, sql: string): Promise<Row[]> {
  try {
    const [rows] = await connection.query(sql)
    return Array.isArray(rows) ? rows as Row[] : []
  } catch (error) {
    throw refused(connection, error)
  }
}

async function runArrays (connection: PoolConnection, sql: string): Promise<unknown> {
  try {
    const [rows] = await connection.query({ sql, rowsAsArray: true })
    return rows
  } catch (error) {
    throw refused(connection, error)
  }
}

function refused (connection: PoolConnection, error: unknown): unknown {
  if (isConnectionError(error) || isZhsearchError(error)) return error
  const { host, port } = connection.config
  return createError('CLUSTER_ERROR', `the search cluster at ${host ?? '?'}:${port ?? '?'} refused a query: ${(error as Error).message.replace(/\0/g, '')}`)
}

function isConnectionError (error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code !== undefined && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|PROTOCOL_CONNECTION_LOST|EAI_AGAIN)$/.test(code)
}

function unreachable (address: EngineAddress, error: unknown): Error {
  if (isZhsearchError(error)) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const detail = code === 'ECONNREFUSED' ? 'connection refused' : code ?? (error as Error).message
  return createError('ENGINE_UNREACHABLE', address.host, address.port, detail)
}
