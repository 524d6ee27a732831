/** A maximal stretch of normalized text that one segmenter handles. */
export interface ScriptRun {
  kind: 'han' | 'alnum'
  text: string
  /** Offset of the run in the normalized text. */
  start: number
}

/*
 * Han: CJK ideographs (and 〇). Alnum: letters and digits of every other script, with the
 * connectors that keep numbers and words whole (1184.19, covid-19, o'neil) when they sit
 * between two such characters. Everything else (punctuation, spaces, symbols) separates
 * runs and is not indexed.
 */
const RUN = /([\p{Script=Han}〇]+)|([[\p{L}\p{N}]--[\p{Script=Han}〇]][[\p{L}\p{N}\p{M}]--[\p{Script=Han}〇]]*(?:[.\-_'’][[\p{L}\p{N}]--[\p{Script=Han}〇]][[\p{L}\p{N}\p{M}]--[\p{Script=Han}〇]]*)*)/gv
const HAN_CHAR = /[\p{Script=Han}〇]/u

/** Splits normalized text into Han runs and alphanumeric runs, in order. */
export function splitScriptRuns (text: string): ScriptRun[] {
  const runs: ScriptRun[] = []
  for (const match of text.matchAll(RUN)) {
    const kind = match[1] !== undefined ? 'han' : 'alnum'
    runs.push({ kind, text: match[0], start: match.index })
  }
  return runs
}

/** True when the text has at least one Han character. */
export function hasHan (text: string): boolean {
  return HAN_CHAR.test(text)
}
