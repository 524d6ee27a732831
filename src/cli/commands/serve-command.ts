import { Command, Option } from 'commander'
import { z } from 'zod'
import { corpusOption, engineOption, FolderSchema, indexOption, parseOptions, wholeNumber } from '../cli-options.js'
import { examplesAndNotes } from '../help.js'

const ServeOptionsSchema = z.object({
  index: FolderSchema,
  corpus: FolderSchema,
  engine: z.string().optional(),
  port: wholeNumber(0, 65_535).optional(),
  host: z.string().trim().min(1, 'needs a host name or address').optional(),
  reindexIfStale: z.boolean(),
  allowOtherFiles: z.boolean(),
  logFormat: z.enum(['pretty', 'json']).optional(),
  rateLimit: wholeNumber(0, 1_000_000).optional(),
  trustProxy: z.string().trim().min(1).optional(),
  queryBudget: wholeNumber(0, 600_000).optional(),
  reloadTimeout: wholeNumber(0, 86_400_000).optional(),
})

/** `zhsearch serve`: the search page and HTTP API over the index. */
export function createServeCommand (): Command {
  return new Command('serve')
    .summary('serve the search page and the HTTP API')
    .description('Serves the search page and the JSON API (/api/search, /api/suggest, /api/documents/:id, /api/stats, /healthz) over the index. A new index written by `zhsearch reindex` is picked up without a restart (also on SIGHUP). Ctrl-C or SIGTERM stops gracefully.')
    .addOption(indexOption())
    .addOption(corpusOption())
    .addOption(engineOption())
    .option('-p, --port <port>', 'port to listen on; 0 picks a free one (default: $PORT, else 3000)')
    .option('--host <host>', 'address to listen on (default: $HOST, else 127.0.0.1)')
    .option('--reindex-if-stale', 'first reindex the corpus when the index is missing or out of date', false)
    .option('--allow-other-files', 'with --reindex-if-stale: write the index into a folder that also holds other files (they are never touched)', false)
    .option('--rate-limit <n>', 'API requests one client may make per minute; 0 turns the limit off (default: $RATE_LIMIT, else 600)')
    .option('--trust-proxy <hops>', 'behind a reverse proxy: how many proxies to trust for the client address in X-Forwarded-For, or loopback, or a subnet (default: $TRUST_PROXY, else none)')
    .option('--query-budget <ms>', 'a search works at most this many milliseconds, then answers with what it found, marked partial; 0 for no limit (default: $QUERY_BUDGET_MS, else 1000)')
    .option('--reload-timeout <ms>', 'an open of the index (at start or on a reload) that takes longer is abandoned, and the index already served stays; 0 for no limit (default: $RELOAD_TIMEOUT_MS, else 60000)')
    .addOption(new Option('--log-format <format>', 'log lines on stderr: pretty (one readable line each) or json (default: $LOG_FORMAT, else pretty on a terminal, json otherwise)').choices(['pretty', 'json']))
    .addHelpText('after', examplesAndNotes([
      'zhsearch serve                     # http://127.0.0.1:3000/',
      'zhsearch serve --reindex-if-stale  # 先按需重建索引，再提供检索服务',
      'zhsearch serve --port 8080 --host 0.0.0.0 --index 索引/劳动午报',
      'PORT=8080 zhsearch serve --log-format json 2>> 检索服务.log',
    ], [
      'Logs go to stderr, one line per request and event: readable lines on a terminal, JSON lines (pino) when stderr is a file or a pipe or with --log-format json. LOG_LEVEL sets the level (fatal, error, warn, info, debug, trace, silent; default info).',
    ]))
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, ServeOptionsSchema, raw)
      const { startServer } = await import('../../server/start-server.js')
      const rateLimit = options.rateLimit ?? envNumber('RATE_LIMIT')
      const trustProxy = options.trustProxy ?? nonEmpty(process.env.TRUST_PROXY)
      const queryBudgetMs = options.queryBudget ?? envNumber('QUERY_BUDGET_MS', 'milliseconds')
      const reloadTimeoutMs = options.reloadTimeout ?? envNumber('RELOAD_TIMEOUT_MS', 'milliseconds')
      const server = await startServer({
        app: {
          ...(rateLimit !== undefined ? { rateLimit: { limit: rateLimit === 0 ? Number.MAX_SAFE_INTEGER : rateLimit, windowMs: 60_000 } } : {}),
          ...(trustProxy !== undefined ? { trustProxy: /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy } : {}),
        },
        indexDir: options.index,
        corpusDir: options.corpus,
        reindexIfStale: options.reindexIfStale,
        allowOtherFiles: options.allowOtherFiles,
        ...(queryBudgetMs !== undefined ? { engineOptions: { queryBudgetMs } } : {}),
        ...(reloadTimeoutMs !== undefined ? { reloadTimeoutMs } : {}),
        ...(options.engine !== undefined ? { engine: options.engine } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.host !== undefined ? { host: options.host } : {}),
        ...(options.logFormat !== undefined ? { logFormat: options.logFormat } : {}),
      })
      // The address on stdout, for people and for scripts that started it with --port 0.
      process.stdout.write(`zhsearch: serving ${server.url} (Ctrl-C to stop)\n`)
    })
}

function nonEmpty (value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

/** A whole number from an environment variable; a bad value is a usage error that names it. */
function envNumber (name: string, unit = 'requests per minute'): number | undefined {
  const value = nonEmpty(process.env[name])
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new Error(`zhsearch: ${name}=${JSON.stringify(value)} is not a whole number of ${unit}`)
  return Number(value)
}
