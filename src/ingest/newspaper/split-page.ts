/**
 * Splits the text of a printed newspaper page into its articles.
 *
 * A page extracted to text is a sequence of blocks (separated by blank lines):
 * page furniture such as the banner, then for each article a kicker (引题) and a
 * title, a lead paragraph opening with the byline (`本报讯（记者 …）`), and body
 * paragraphs, some of them broken at column breaks. The byline is the one
 * reliable landmark, so the split works outward from each lead.
 */
import { joinFragments, joinParagraphs, hasSentenceFinal } from './join-paragraphs.js'
import { parseByline, startsWithByline } from './parse-byline.js'
import { splitBlocks } from '../text-blocks.js'
import { titleFromBody } from '../title-from-body.js'

/** One article of a newspaper page, before it gets an id and an origin. */
export interface PageArticle {
  title: string
  /** The line above the title (引题), when the page prints one. */
  kicker?: string
  /** The byline as printed, e.g. `本报讯（记者 边磊 通讯员 张雪）`. */
  byline: string
  reporters: string[]
  correspondents: string[]
  /** Repaired paragraphs separated by `\n`; the byline is not part of it. */
  body: string
}

/** Headings are short: longer lines are body text that happens to lack punctuation. */
const MAX_HEADING_LINE_LENGTH = 60
/** A title may be printed on two lines (rarely three); a longer run is not one heading. */
const MAX_HEADING_LINES = 3

/** Whether `text` reads as a newspaper page: some block opens with a byline such as `本报讯（…）`. */
export function isNewspaperPage (text: string): boolean {
  return pageBlocks(text).some(startsWithByline)
}

/**
 * The page's blocks, a block also being cut before a line that opens with a
 * byline: extraction sometimes loses the blank line between title and lead.
 */
function pageBlocks (text: string): string[] {
  return splitBlocks(text).flatMap((block) => {
    const parts: string[] = []
    for (const line of block.split('\n')) {
      if (parts.length === 0 || startsWithByline(line)) parts.push(line)
      else parts[parts.length - 1] += '\n' + line
    }
    return parts
  })
}

/**
 * The articles of a newspaper page, in page order.
 *
 * Before each lead, the heading blocks (short, no sentence-final punctuation)
 * back to the end of the previous article's last paragraph belong to the
 * article: the last is its title, the one before its kicker, any earlier ones
 * page furniture (a banner) that belongs to no article. The body runs from the
 * lead, byline removed, to the first heading of the next article; its column
 * breaks are repaired by `joinParagraphs`. Blocks before the first article's
 * headings are furniture too.
 *
 * An article with no heading above its lead gets its first sentence as title.
 */
export function splitPage (text: string): PageArticle[] {
  const blocks = pageBlocks(text)
  const leads: number[] = []
  blocks.forEach((block, index) => {
    if (startsWithByline(block)) leads.push(index)
  })

  // Where each article's headings start: walk back from the lead, but never
  // into the previous article's lead paragraph.
  const headingStarts = leads.map((lead, k) => {
    const floor = k === 0 ? 0 : (leads[k - 1] ?? 0) + 1
    let start = lead
    while (start > floor && isHeadingBlock(blocks[start - 1] ?? '')) start--
    return start
  })

  return leads.map((lead, k) => {
    const headings = blocks.slice(headingStarts[k], lead).map(joinHeadingLines)
    const byline = parseByline(blocks[lead] ?? '')
    const end = headingStarts[k + 1] ?? blocks.length
    const bodyBlocks = [byline?.rest ?? '', ...blocks.slice(lead + 1, end)].filter((block) => block !== '')
    const body = joinParagraphs(bodyBlocks).join('\n')

    const title = headings.at(-1) ?? titleFromBody(body)
    const kicker = headings.at(-2)
    const article: PageArticle = {
      title,
      byline: byline?.byline ?? '',
      reporters: byline?.reporters ?? [],
      correspondents: byline?.correspondents ?? [],
      body,
    }
    if (kicker !== undefined) article.kicker = kicker
    return article
  })
}

function isHeadingBlock (block: string): boolean {
  const lines = block.split('\n')
  return lines.length <= MAX_HEADING_LINES &&
    lines.every((line) => [...line].length <= MAX_HEADING_LINE_LENGTH) &&
    !hasSentenceFinal(block) &&
    !startsWithByline(block)
}

/** A title printed on two lines (`朝外街道总工会` / `将为职工送去万份“温暖礼盒”`) is one title. */
function joinHeadingLines (block: string): string {
  return block.split('\n').reduce(joinFragments, '')
}
