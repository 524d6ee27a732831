import { Command } from 'commander'
import { z } from 'zod'
import { corpusOption, engineOption, FolderSchema, indexOption, parseOptions, wholeNumber } from '../cli-options.js'

const ServeOptionsSchema = z.object({
  index: FolderSchema,
  corpus: FolderSchema,
  engine: z.string().optional(),
  port: wholeNumber(0, 65_535).optional(),
  host: z.string().trim().min(1, 'needs a host name or address').optional(),
  reindexIfStale: z.boolean(),
})

/** `zhsearch serve`: the search page and HTTP API over the index. */
export function createServeCommand (): Command {
  return new Command('serve')
    .summary('serve the search page and the HTTP API')
    .description([
      'Serves the search page and the JSON API (/api/search, /api/suggest, /api/documents/:id,',
      '/api/stats, /healthz) over the index. A new index written by `zhsearch reindex` is',
      'picked up without a restart (also on SIGHUP). Ctrl-C or SIGTERM stops gracefully.',
      'Logs go to stderr as JSON lines (LOG_LEVEL sets the level).',
    ].join('\n'))
    .addOption(indexOption())
    .addOption(corpusOption())
    .addOption(engineOption())
    .option('-p, --port <port>', 'port to listen on; 0 picks a free one (default: $PORT, else 3000)')
    .option('--host <host>', 'address to listen on (default: $HOST, else 127.0.0.1)')
    .option('--reindex-if-stale', 'first reindex the corpus when the index is missing or out of date', false)
    .addHelpText('after', [
      '',
      'Examples:',
      '  zhsearch serve                                # http://127.0.0.1:3000/',
      '  zhsearch serve --reindex-if-stale             # 先按需重建索引，再提供检索服务',
      '  zhsearch serve --port 8080 --host 0.0.0.0 --index 索引/劳动午报',
      '  PORT=8080 zhsearch serve',
    ].join('\n'))
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, ServeOptionsSchema, raw)
      const { startServer } = await import('../../server/start-server.js')
      const server = await startServer({
        indexDir: options.index,
        corpusDir: options.corpus,
        reindexIfStale: options.reindexIfStale,
        ...(options.engine !== undefined ? { engine: options.engine } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
        ...(options.host !== undefined ? { host: options.host } : {}),
      })
      // The address on stdout, for people and for scripts that started it with --port 0.
      process.stdout.write(`zhsearch: serving ${server.url} (Ctrl-C to stop)\n`)
    })
}
