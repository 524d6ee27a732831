import type { AddHelpTextContext, Command } from 'commander'

/** The help's width when neither a terminal nor `COLUMNS` gives one: commander's own default. */
const DEFAULT_HELP_WIDTH = 80

// ANSI colour codes take no room on screen.
const ANSI_CODE = /\u001B\[[0-9;]*m/g
/** Characters a terminal draws two columns wide: Han, kana, Hangul, CJK punctuation, full-width forms. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFF60\uFFE0-\uFFE6]/u

/** Columns a string takes in a terminal: wide (CJK, full-width) characters take two, colour codes none. */
export function displayWidth (text: string): number {
  let width = 0
  for (const char of text.replace(ANSI_CODE, '')) width += WIDE.test(char) ? 2 : 1
  return width
}

/**
 * The width to lay help out for: the terminal's, else `COLUMNS` (as other tools read it when
 * their output is piped), else 80.
 */
export function helpWidth (stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY === true && stream.columns > 0) return stream.columns
  const columns = Number(env.COLUMNS)
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_HELP_WIDTH
}

/**
 * Lets commander wrap every command's help to the width above, measuring Chinese as two
 * columns, so that descriptions are written as plain paragraphs, without line breaks.
 */
export function configureHelpLayout (command: Command): void {
  command
    .configureOutput({
      getOutHelpWidth: () => helpWidth(process.stdout),
      getErrHelpWidth: () => helpWidth(process.stderr),
    })
    .configureHelp({ displayWidth })
}

/**
 * The text after a command's options: examples, kept one per line as written (they are
 * commands to copy), then notes, paragraphs wrapped to the help's width as commander wraps
 * the description.
 */
export function examplesAndNotes (examples: readonly string[], notes: readonly string[] = []): (context: AddHelpTextContext) => string {
  return ({ command, error }) => {
    const output = command.configureOutput()
    const width = (error ? output.getErrHelpWidth?.() : output.getOutHelpWidth?.()) ?? DEFAULT_HELP_WIDTH
    const help = command.createHelp()
    const lines = ['', 'Examples:', ...examples.map(example => `  ${example}`)]
    for (const note of notes) lines.push('', help.boxWrap(note, width))
    return lines.join('\n')
  }
}
