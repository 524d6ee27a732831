import { type Server, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { errorBody } from './http-error.js'

/** The parser's error codes that mean the request's headers are too large. */
const TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW'])

/**
 * Answers the requests Node's HTTP parser refuses before the app sees them (raw bytes in
 * the path, headers over 16 KiB, anything it cannot parse) with the API's JSON error shape
 * instead of Node's empty answer, then closes the connection: a client reads every error of
 * this server the same way. A socket already closed or half-answered is only destroyed.
 */
export function answerParserErrors (server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const tooLarge = TOO_LARGE.has(error.code ?? '')
    const status = tooLarge ? 431 : 400
    const body = JSON.stringify(tooLarge
      ? errorBody('HEADERS_TOO_LARGE', 'the request headers are over 16 KiB; send fewer or shorter headers')
      : errorBody('MALFORMED_REQUEST', 'the request cannot be read as HTTP; URL-encode the path and query (curl: --get --data-urlencode \'q=工会\'), and send no raw bytes outside UTF-8-encoded, percent-escaped text'))
    socket.end([
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '',
      body,
    ].join('\r\n'))
  })
}
