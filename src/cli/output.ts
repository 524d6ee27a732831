/**
 * Writing results for people and for programs. Colour only when the stream is a
 * terminal (and NO_COLOR is not set, https://no-color.org; FORCE_COLOR turns it on for
 * pipes such as `| less -R`). A handful of ANSI codes, written here, are all it needs.
 */

/** Styles used in the CLI's output. Each returns its text unchanged when colour is off. */
export interface Styles {
  readonly color: boolean
  bold (text: string): string
  dim (text: string): string
  /** A matched term inside a snippet or title. */
  match (text: string): string
  good (text: string): string
  warn (text: string): string
  bad (text: string): string
}

const ANSI = {
  bold: ['\u001B[1m', '\u001B[22m'],
  dim: ['\u001B[2m', '\u001B[22m'],
  match: ['\u001B[1;33m', '\u001B[22;39m'],
  good: ['\u001B[32m', '\u001B[39m'],
  warn: ['\u001B[33m', '\u001B[39m'],
  bad: ['\u001B[31m', '\u001B[39m'],
} as const

/** Whether to colour what goes to `stream`. */
export function useColor (stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true
  return stream.isTTY === true && env.TERM !== 'dumb'
}

/** Styles for `stream`: ANSI colours on a terminal, plain text otherwise. */
export function stylesFor (stream: NodeJS.WriteStream): Styles {
  const color = useColor(stream)
  const wrap = ([open, close]: readonly [string, string]) => (text: string) => color && text !== '' ? open + text + close : text
  return {
    color,
    bold: wrap(ANSI.bold),
    dim: wrap(ANSI.dim),
    match: wrap(ANSI.match),
    good: wrap(ANSI.good),
    warn: wrap(ANSI.warn),
    bad: wrap(ANSI.bad),
  }
}

/** Brackets around a match when there is no colour: visible in a log, rare in Chinese text. */
const PLAIN_MATCH: readonly [string, string] = ['【', '】']

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" }

/**
 * Turns the engine's snippet HTML (text escaped, matches in `<mark>…</mark>`) into
 * terminal text: matches in colour, or in 【…】 without colour.
 */
export function renderHighlighted (html: string, styles: Styles): string {
  return html
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .map(part => {
      if (!part.startsWith('<mark>')) return unescapeHtml(part)
      const text = unescapeHtml(part.slice('<mark>'.length, -'</mark>'.length))
      return styles.color ? styles.match(text) : PLAIN_MATCH[0] + text + PLAIN_MATCH[1]
    })
    .join('')
}

/** The text of escaped HTML (the few entities the engine writes, plus numeric ones). */
export function unescapeHtml (html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    const known = ENTITIES[name.toLowerCase()]
    if (known !== undefined) return known
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10))
    return entity
  })
}

/** Writes a value as JSON on its own line: what `--json` prints. */
export function writeJson (stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Writes lines of text. */
export function writeLines (stream: NodeJS.WritableStream, lines: readonly string[]): void {
  if (lines.length > 0) stream.write(`${lines.join('\n')}\n`)
}
