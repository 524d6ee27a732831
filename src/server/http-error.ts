/**
 * An error that already knows its HTTP answer. The server raises it for requests the
 * engine never sees (a malformed URL, an unknown route, a rate-limited client), so the
 * error handler can answer them the same way it answers the engine's own errors.
 */
export class HttpError extends Error {
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.code = code
  }
}

/** The body of every error answer: a stable code for programs and a message for people. */
export interface ErrorBody {
  error: { code: string, message: string }
}

/** Builds the error body the API sends. */
export function errorBody (code: string, message: string): ErrorBody {
  return { error: { code, message } }
}
