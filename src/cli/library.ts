/**
 * The zhsearch library, loaded when a command first needs it rather than at start-up:
 * the engine and its dependencies take a good fraction of a second to load, and
 * `--help`, `--version` and usage errors need none of it.
 */
export type Library = typeof import('../internal.js')

let loading: Promise<Library> | undefined

/** The library (`../index.js`), imported once. */
export function loadLibrary (): Promise<Library> {
  loading ??= import('../internal.js')
  return loading
}
