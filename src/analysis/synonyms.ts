import { readOptionalText } from './read-optional-text.js'

export { SYNONYMS_FILE } from '../options.js'

/** Where the other ways of saying a term come from: the terms a normalized term stands for. */
export interface SynonymSource {
  synonymsOf (normalizedTerm: string): readonly string[]
}

/** The most terms one line may list, and the longest term: a synonyms file is written by hand. */
const MAX_LINE_TERMS = 32
const MAX_TERM_LENGTH = 64

/** A line of a synonyms file that was skipped, and why. */
export interface SynonymProblem {
  line: number
  message: string
}

/** What reading a synonyms file gave: the rules that apply, and the lines skipped. */
export interface SynonymReport {
  readonly rules: number
  readonly problems: readonly SynonymProblem[]
}

/**
 * Query expansion by synonyms, from a file in Solr's format, one rule per line:
 *
 * ```text
 * # a comment
 * 职工, 员工              equivalent: a search for either also finds the other
 * 快递小哥 => 快递员       one way: 快递小哥 also finds 快递员, not the reverse
 * ```
 *
 * Terms are compared after the analyzer's normalization (full-width, case, traditional
 * forms), so 職工 finds what 职工 stands for. Lines that cannot be read are skipped and
 * reported with their number; the rest still apply.
 */
export class SynonymTable implements SynonymSource, SynonymReport {
  private readonly expansions: Map<string, string[]>
  readonly problems: SynonymProblem[]
  /** Rules read (lines that apply). */
  readonly rules: number

  private constructor (expansions: Map<string, string[]>, rules: number, problems: SynonymProblem[]) {
    this.expansions = expansions
    this.rules = rules
    this.problems = problems
  }

  /** No synonyms. */
  static readonly EMPTY = new SynonymTable(new Map(), 0, [])

  /** Reads the rules of a synonyms file's text; `normalize` is the analyzer's term normalization. */
  static parse (text: string, normalize: (term: string) => string): SynonymTable {
    const expansions = new Map<string, string[]>()
    const problems: SynonymProblem[] = []
    let rules = 0
    text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
      const line = raw.replace(/#.*$/, '').trim()
      if (line === '') return
      const rule = readRule(line, normalize)
      if (typeof rule === 'string') {
        problems.push({ line: i + 1, message: rule })
        return
      }
      rules++
      for (const from of rule.from) {
        const targets = expansions.get(from) ?? []
        for (const to of rule.to) if (to !== from && !targets.includes(to)) targets.push(to)
        expansions.set(from, targets)
      }
    })
    return new SynonymTable(expansions, rules, problems)
  }

  /** The terms a normalized term also stands for ([] for none). */
  synonymsOf (normalizedTerm: string): readonly string[] {
    return this.expansions.get(normalizedTerm) ?? []
  }

  /** Every normalized term with what it stands for (a static export carries them). */
  entries (): Array<[string, readonly string[]]> {
    return [...this.expansions]
  }
}

/** One line as the terms it expands and what they expand to, or what is wrong with it. */
function readRule (line: string, normalize: (term: string) => string): { from: string[], to: string[] } | string {
  const sides = line.split('=>')
  if (sides.length > 2) return 'a rule has at most one "=>"'
  const lists = sides.map(side => side.split(/[,，、]/).map(term => normalize(term).trim()).filter(term => term !== ''))
  const terms = lists.flat()
  if (terms.length > MAX_LINE_TERMS) return `a rule lists at most ${MAX_LINE_TERMS} terms`
  const long = terms.find(term => term.length > MAX_TERM_LENGTH)
  if (long !== undefined) return `a term is at most ${MAX_TERM_LENGTH} characters: "${long.slice(0, 20)}…"`
  if (sides.length === 2) {
    if (lists[0]!.length === 0 || lists[1]!.length === 0) return 'a one-way rule needs terms on both sides of "=>"'
    return { from: lists[0]!, to: lists[1]! }
  }
  if (terms.length < 2) return 'a rule needs two or more terms separated by commas (职工, 员工) or "=>"'
  return { from: terms, to: terms }
}

/** Reads a synonyms file (see SynonymTable); a missing file is no synonyms. */
export async function readSynonyms (path: string, normalize: (term: string) => string): Promise<SynonymTable> {
  const text = await readOptionalText(path)
  return text === '' ? SynonymTable.EMPTY : SynonymTable.parse(text, normalize)
}
