/**
 * Requests to a worker thread and their replies, matched by id: the one protocol of every
 * thread of zhsearch (WorkerSearcher's search thread, the index loader thread, the
 * process's segment threads). A thread answers each request once,
 * with a value or an error; a ZhsearchError crosses with its code and details, so the
 * caller rethrows the same error.
 */
import { type MessagePort, type Transferable, type Worker } from 'node:worker_threads'
import { createError, ZhsearchError, type ErrorCode } from '../errors.js'

/** A request's answer as it crosses the boundary. */
export type Reply =
  | { id: number, ok: true, value: unknown, state?: unknown }
  | { id: number, ok: false, error: SerializedError }

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  name: string
  message: string
  code?: string
  details?: Record<string, unknown>
}

/** What a thread's handler answers: the value, state the caller keeps, buffers to transfer. */
export interface Answer {
  value?: unknown
  state?: unknown
  transfer?: Transferable[]
}

/** How a link reports that its thread stopped. */
export interface ThreadLinkOptions {
  /** The error requests in flight (and later ones) are refused with. Defaults to SEARCHER_STOPPED with the reason. */
  stoppedError?: (reason: Error) => Error
  /** Called once when the thread stops on its own (it failed or exited), not when it is terminated. */
  onStop?: (reason: Error) => void
}

/** The caller's end: one worker, its requests in flight. */
export class ThreadLink {
  private readonly pending = new Map<number, { resolve: (reply: Extract<Reply, { ok: true }>) => void, reject: (error: Error) => void }>()
  private nextId = 1
  private stopped: Error | undefined
  private readonly stoppedError: (reason: Error) => Error

  constructor (readonly worker: Worker, options: ThreadLinkOptions = {}) {
    this.stoppedError = options.stoppedError ?? (reason => createError('SEARCHER_STOPPED', reason.message))
    const stopOnItsOwn = (reason: Error): void => {
      const first = this.stopped === undefined
      this.stop(reason)
      if (first) options.onStop?.(reason)
    }
    worker.on('message', (reply: Reply) => this.settle(reply))
    worker.on('error', error => stopOnItsOwn(error))
    worker.on('exit', code => stopOnItsOwn(new Error(`the thread stopped (exit code ${code})`)))
    // An idle thread does not keep the process alive.
    worker.unref()
  }

  /** Whether the thread still runs. */
  get alive (): boolean {
    return this.stopped === undefined
  }

  /** Whether a request is waiting for its answer. */
  get busy (): boolean {
    return this.pending.size > 0
  }

  /** Sends a request; resolves with its reply, rejects with the thread's error (or the stopped error). */
  request (message: Record<string, unknown>, transfer: Transferable[] = []): Promise<Extract<Reply, { ok: true }>> {
    if (this.stopped !== undefined) return Promise.reject(this.stoppedError(this.stopped))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      // Busy while a request is out: the process waits for its answer.
      if (this.pending.size === 1) this.worker.ref()
      this.worker.postMessage({ ...message, id }, transfer)
    })
  }

  /** Refuses the requests in flight (the stopped error of `reason`) and every later one. */
  stop (reason: Error): void {
    this.stopped ??= reason
    for (const { reject } of this.pending.values()) reject(this.stoppedError(reason))
    this.pending.clear()
  }

  /** Stops the thread; requests in flight are refused. */
  async terminate (reason = new Error('the searcher was closed')): Promise<void> {
    this.stop(reason)
    await this.worker.terminate()
  }

  private settle (reply: Reply): void {
    const waiting = this.pending.get(reply.id)
    if (waiting === undefined) return
    this.pending.delete(reply.id)
    if (reply.ok) waiting.resolve(reply)
    else waiting.reject(deserialize(reply.error))
    if (this.pending.size === 0) this.worker.unref()
  }
}

/**
 * The thread's end: runs `handle` for each request as it arrives (its synchronous part at
 * once, so calls start in the order they were sent) and posts its answer.
 */
export function answerRequests (port: MessagePort, handle: (message: Record<string, unknown> & { id: number }) => Promise<Answer>): void {
  port.on('message', (message: Record<string, unknown> & { id: number }) => {
    handle(message).then(
      ({ value, state, transfer }) => postTransferring(port, { id: message.id, ok: true, value, ...(state !== undefined ? { state } : {}) } satisfies Reply, transfer),
      (error: unknown) => port.postMessage({ id: message.id, ok: false, error: serialize(error) } satisfies Reply),
    )
  })
}

/**
 * Posts `message`, moving the buffers in `transfer` rather than copying them; a buffer
 * that may not move (Node's shared pool of small Buffers) is copied instead.
 */
export function postTransferring (port: MessagePort, message: unknown, transfer: Transferable[] = []): void {
  try {
    port.postMessage(message, transfer)
  } catch (error) {
    if ((error as Error).name !== 'DataCloneError') throw error
    port.postMessage(message)
  }
}

function serialize (error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const { code, details } = error as Error & { code?: unknown, details?: Record<string, unknown> }
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), ...(details !== undefined ? { details } : {}) }
}

/** The error a thread sent, as the caller's error: a ZhsearchError keeps its code and details. */
function deserialize (error: SerializedError): Error {
  if (error.name === 'ZhsearchError' && error.code !== undefined) return new ZhsearchError(error.code as ErrorCode, error.message, error.details)
  return Object.assign(new Error(error.message), { name: error.name, ...(error.code !== undefined ? { code: error.code } : {}) })
}
