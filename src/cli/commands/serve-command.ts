import { Command, Option } from 'commander'
import { z } from 'zod'
import { corpusOption, FolderSchema, indexOption, parseOptions, wholeNumber } from '../cli-options.js'
import { examplesAndNotes } from '../help.js'

const ServeOptionsSchema = z.object({
  index: FolderSchema,
  corpus: FolderSchema,
  port: wholeNumber(0, 65_535).optional(),
  host: z.string().trim().min(1, 'needs a host name or address').optional(),
  reindexIfStale: z.boolean(),
  logFormat: z.enum(['pretty', 'json']).optional(),
})

/** `zhsearch serve`: the search page and HTTP API over the index. */
export function createServeCommand (): Command {
  return new Command('serve')
    .summary('serve the search page and the HTTP API')
    .description('Serves the search page and the JSON API (/api/search, /api/suggest, /api/documents/:id, /api/stats, /healthz) over the index. A new index written by `zhsearch reindex` is picked up without a restart (also on SIGHUP). Ctrl-C or SIGTERM stops gracefully.')
    .addOption(indexOption())
    .addOption(corpusOption())
    .option('-p, --port <port>', 'port to listen on; 0 picks a free one (default: $PORT, else 3000)')
    .option('--host <host>', 'address to listen on (default: $HOST, else 127.0.0.1)')
    .option('--reindex-if-stale', 'first reindex the corpus when the index is missing or out of date', false)
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
      const server = await startServer({
        indexDir: options.index,
        corpusDir: options.corpus,
        reindexIfStale: options.reindexIfStale,
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.host !== undefined ? { host: options.host } : {}),
        ...(options.logFormat !== undefined ? { logFormat: options.logFormat } : {}),
      })
      // The address on stdout, for people and for scripts that started it with --port 0.
      process.stdout.write(`zhsearch: serving ${server.url} (Ctrl-C to stop)\n`)
    })
}
