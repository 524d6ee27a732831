/** An answer other than a success, with the code of its error (the API's JSON error body, or a static index's). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}
