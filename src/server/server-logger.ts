import { pino, type DestinationStream, type Logger } from 'pino'
import { z } from 'zod'
import { nonEmpty, setting } from './settings.js'

/** The two looks of the server's log lines; see {@link ServerLoggerOptions.logFormat}. */
export type LogFormat = 'pretty' | 'json'

/** How the server logs. */
export interface ServerLoggerOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent. Defaults to `LOG_LEVEL`, else info. */
  logLevel?: string | undefined
  /**
   * How log lines on stderr look: `pretty`, one readable line per event (local time, level,
   * message; requests as `GET /api/search?q=… 200 3 ms`), or `json`, one JSON object per
   * line for log collectors. Defaults to `LOG_FORMAT`, else `pretty` when stderr is a
   * terminal and `json` when it is not.
   */
  logFormat?: LogFormat | undefined
}

const LevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'the log level must be one of fatal, error, warn, info, debug, trace, silent' })
const FormatSchema = z.enum(['pretty', 'json'], { error: 'the log format must be pretty or json' })

/** The server's logger, on stderr: stdout belongs to the command's own output. */
export async function createServerLogger (options: ServerLoggerOptions): Promise<Logger> {
  const level = setting(LevelSchema, options.logLevel ?? nonEmpty(process.env.LOG_LEVEL) ?? 'info', options.logLevel !== undefined ? 'log level' : 'LOG_LEVEL')
  const format = setting(FormatSchema, options.logFormat ?? nonEmpty(process.env.LOG_FORMAT) ?? (process.stderr.isTTY ? 'pretty' : 'json'), options.logFormat !== undefined ? 'log format' : 'LOG_FORMAT')
  return pino({ level, base: { pid: process.pid } }, format === 'json' ? pino.destination({ dest: 2, sync: true }) : await prettyDestination())
}

/**
 * One line per event for a person at a terminal: local time, level and message, a request
 * as its method, URL, status and time, other fields after it on the same line. Colour only
 * on a terminal, and not with NO_COLOR. Loaded only when asked for.
 */
async function prettyDestination (): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty')
  return pretty({
    destination: 2,
    sync: true,
    colorize: process.stderr.isTTY && (process.env.NO_COLOR ?? '') === '',
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,req,res,responseTime',
    singleLine: true,
    messageFormat: (log, messageKey) => {
      const { req, res, responseTime } = log as { req?: { method?: string, url?: string }, res?: { statusCode?: number }, responseTime?: number }
      if (req === undefined || res === undefined) return String(log[messageKey] ?? '')
      return `${req.method ?? ''} ${readableUrl(req.url ?? '')} ${res.statusCode ?? ''}${responseTime !== undefined ? ` ${responseTime} ms` : ''}`
    },
  })
}

/** A URL as a person reads it: `/api/search?q=工会` rather than `?q=%E5%B7%A5%E4%BC%9A`. */
function readableUrl (url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}
