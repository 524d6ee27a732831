/**
 * Bylines of Chinese newspaper leads: `本报讯（记者 边磊 通讯员 张雪）近日，……`.
 * The byline opens the article's first paragraph; the text after it is body.
 */

/** A byline read off the start of a lead paragraph. */
export interface ParsedByline {
  /** The byline as printed, e.g. `本报讯（记者 边磊 通讯员 张雪）`. */
  byline: string
  /** Names after 记者 (and names with no role at all). */
  reporters: string[]
  /** Names after 通讯员. */
  correspondents: string[]
  /** The lead paragraph after the byline, leading spaces and separators trimmed. */
  rest: string
}

/**
 * `本报讯` / `本报电`, or a dateline `本报北京12月21日电` (only when credits in
 * parentheses follow, so that prose such as 本报记者致电…… is not taken for one),
 * then the credits in full-width or ASCII parentheses.
 */
const BYLINE = /^\s*(本报(?:[讯电]|[\p{Script=Han}\d\s]{1,20}?电(?=\s*[（(]))\s*(?:[（(]([^（()）\n]{0,80})[）)])?)/u

/** Role words, longest first so that 实习记者 is not read as 记者. */
const ROLE = /(实习记者|特约记者|首席记者|见习记者|记者|通讯员|实习生)/u
const NAME_SEPARATORS = /[\s、，,;；]+/u
/** Separators left between the byline and the text. Opening quotes stay: they belong to the text. */
const LEADING_SEPARATORS = /^[\s，,、：:；;—–-]+/u

/** Whether `block` starts with a newspaper byline (`本报讯（…）`, `本报电（…）`, `本报北京…电（…）`). */
export function startsWithByline (block: string): boolean {
  return BYLINE.test(block)
}

/**
 * Reads the byline at the start of `block`; `undefined` when it has none.
 *
 * @example
 * parseByline('本报讯（记者 边磊 通讯员 张雪）近日，……')
 * // { byline: '本报讯（记者 边磊 通讯员 张雪）', reporters: ['边磊'], correspondents: ['张雪'], rest: '近日，……' }
 */
export function parseByline (block: string): ParsedByline | undefined {
  const match = BYLINE.exec(block)
  if (match === null) return undefined
  const byline = (match[1] ?? '').trim()
  const { reporters, correspondents } = parseCredits(match[2] ?? '')
  const rest = block.slice(match[0].length).replace(LEADING_SEPARATORS, '')
  return { byline, reporters, correspondents, rest }
}

/** `记者 边磊 通讯员 张雪` → reporters [边磊], correspondents [张雪]. */
function parseCredits (credits: string): { reporters: string[], correspondents: string[] } {
  const reporters: string[] = []
  const correspondents: string[] = []
  // split() with a capturing group alternates: names, role, names, role, names…
  const parts = credits.split(ROLE)
  let target = reporters
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      target = part === '通讯员' ? correspondents : reporters
      return
    }
    target.push(...part.split(NAME_SEPARATORS).filter((name) => name !== ''))
  })
  return { reporters, correspondents }
}
