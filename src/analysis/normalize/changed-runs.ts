import type { ChineseTables } from './chinese-tables.js'
import type { ConvertChinese } from './simplify-text.js'

/** What a character can do in a conversion over some tables, the strongest role winning. */
const Role = {
  /** In no dictionary's source: OpenCC neither changes it nor matches a phrase across it. */
  boundary: 0,
  /** In some source, but no entry that holds it changes it. */
  kept: 1,
  /** Changed by some entry: text that holds none of these converts to itself. */
  changed: 2,
  /** An ideographic description character: OpenCC skips a whole sequence after it. */
  whole: 3,
} as const

const IDEOGRAPHIC_DESCRIPTION = [0x2ff0, 0x2fff] as const

/**
 * A converter that gives exactly what `convert` gives, calling it only on the stretches of
 * text that it can change. Most Chinese text needs no traditional → simplified step at
 * all, and OpenCC walks its tries at every character (a tenth of the analysis of a news
 * corpus).
 *
 * Why the result is the same: OpenCC cuts a text into phrases and, per group of
 * dictionaries, replaces the longest source that matches at each place. A character that
 * is in no source of any dictionary (punctuation, Latin, most of the text around a phrase)
 * ends every match and every phrase, so the text on either side converts on its own; a
 * stretch between two such characters that holds no character an entry changes matches
 * only entries that give back their source, and so stays as it is. Text with an
 * ideographic description character (⿰氵青) goes to `convert` whole, since OpenCC then
 * skips characters after it unmatched.
 */
export function convertChangedRuns (tables: ChineseTables, convert: ConvertChinese): ConvertChinese {
  const roles = characterRoles(tables)
  return text => {
    let parts: string[] | undefined
    // Start of the text not yet copied into parts, and of the stretch since the last boundary.
    let copied = 0
    let stretch = 0
    let changed = false
    const endStretch = (end: number): void => {
      if (!changed) return
      parts ??= []
      if (stretch > copied) parts.push(text.slice(copied, stretch))
      parts.push(convert(text.slice(stretch, end)))
      copied = end
      changed = false
    }
    for (let i = 0; i < text.length;) {
      const code = text.codePointAt(i)!
      const width = code > 0xffff ? 2 : 1
      const role = roles[code]!
      if (role === Role.whole) return convert(text)
      if (role === Role.boundary) {
        endStretch(i)
        stretch = i + width
      } else if (role === Role.changed) changed = true
      i += width
    }
    endStretch(text.length)
    if (parts === undefined) return text
    if (copied < text.length) parts.push(text.slice(copied))
    return parts.join('')
  }
}

/**
 * The code points, ascending, that make a conversion over `tables` do anything: those some
 * entry changes, and the ideographic description characters. A text holding none of them
 * converts to itself (see convertChangedRuns), so a reader without the tables (the static
 * export's) needs them only for a text that holds one.
 */
export function changingCodePoints (tables: ChineseTables): number[] {
  const roles = characterRoles(tables)
  const codes: number[] = []
  roles.forEach((role, code) => { if (role >= Role.changed) codes.push(code) })
  return codes
}

/** Whether the text holds one of the code points (changingCodePoints': then it needs the tables). */
export function holdsCodePoint (text: string, codes: ReadonlySet<number>): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!
    if (codes.has(code)) return true
    if (code > 0xffff) i++
  }
  return false
}

/** Ascending numbers as differences from the one before (the first from 0): how code point lists are kept. */
export function toDeltas (numbers: readonly number[]): number[] {
  return numbers.map((n, i) => n - (i === 0 ? 0 : numbers[i - 1]!))
}

/** The numbers toDeltas was given. */
export function fromDeltas (deltas: readonly number[]): number[] {
  let n = 0
  return deltas.map(delta => (n += delta))
}

/** The role of every code point in a conversion over `tables` (see Role). */
function characterRoles (tables: ChineseTables): Uint8Array {
  const roles = new Uint8Array(0x110000)
  const mark = (dictionary: string, converts: boolean): void => {
    for (const entry of dictionary.split('|')) {
      // OpenCC reads the first replacement of an entry (`source replacement [others]`).
      const [source = '', replacement = ''] = entry.split(' ')
      const from = [...source]
      const to = [...replacement]
      from.forEach((char, i) => {
        const code = char.codePointAt(0)!
        // Where the length changes, every character of the source counts as changed.
        const changes = converts && (from.length !== to.length || to[i] !== char)
        roles[code] = Math.max(roles[code]!, changes ? Role.changed : Role.kept)
      })
    }
  }
  // The segmentation dictionary only decides where phrases end; the chains convert.
  for (const dictionary of tables.segmentation) mark(dictionary, false)
  for (const dictionary of [...tables.normalization, ...tables.conversion].flat()) mark(dictionary, true)
  roles.fill(Role.whole, IDEOGRAPHIC_DESCRIPTION[0], IDEOGRAPHIC_DESCRIPTION[1] + 1)
  return roles
}
