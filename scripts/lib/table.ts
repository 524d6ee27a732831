/**
 * One table printer for every script: a markdown table, its columns padded for a terminal
 * (a Han character takes two columns), so the same text reads in a terminal and pastes
 * into the README or docs/.
 */

/** Terminal columns of a string: East Asian wide and full-width characters take two. */
export function displayWidth (text: string): number {
  let width = 0
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(char) ? 2 : 1
  return width
}

/**
 * The rows as a markdown table: the first `textColumns` columns (names) aligned left, the
 * others (figures) right. A row shorter than the header is padded with empty cells.
 */
export function markdownTable (header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string {
  const widths = header.map((title, i) => Math.max(displayWidth(title), ...rows.map(row => displayWidth(row[i] ?? ''))))
  const pad = (cell: string, i: number): string => {
    const fill = ' '.repeat(widths[i]! - displayWidth(cell))
    return i < textColumns ? cell + fill : fill + cell
  }
  const line = (cells: readonly string[]): string => `| ${header.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`
  const rule = `|${widths.map((width, i) => (i < textColumns ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** Prints {@link markdownTable} on stdout. */
export function printTable (header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): void {
  console.log(markdownTable(header, rows, textColumns))
}
