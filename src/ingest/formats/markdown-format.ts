/**
 * `.md` / `.markdown` files: one article each. Optional front matter gives its
 * metadata; the Markdown markup is stripped so that only the words a reader sees
 * are indexed and quoted in snippets.
 */
import { articleId } from '../article-id.js'
import { normalizeDate } from '../normalize-date.js'
import { collapseSpaces, joinWrappedLines } from '../text-blocks.js'
import { fileStem } from './file-stem.js'
import type { FormatResult } from './format-result.js'
import { makeArticle } from './make-article.js'

/** Front-matter keys zhsearch reads; others (tags, layout, …) are ignored. */
const FRONT_MATTER_KEYS = ['title', 'date', 'author', 'source', 'url', 'id'] as const
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number]
/** The front-matter values zhsearch reads, unquoted; blank ones are left out. */
export type FrontMatter = Partial<Record<FrontMatterKey, string>>

/**
 * Reads a Markdown file as one article. The title comes from the front matter,
 * else from the first `# ` heading (then removed from the body), else from the
 * file name; `author` is also the byline; `id` replaces the generated id.
 */
export function readMarkdownFormat (text: string, file: string): FormatResult {
  const { frontMatter, content } = splitFrontMatter(text)
  const paragraphs = markdownParagraphs(content)

  let title = frontMatter.title
  const headingIndex = paragraphs.findIndex((paragraph) => paragraph.level === 1)
  const heading = paragraphs[headingIndex]
  // A front-matter title repeated as the first heading would be indexed twice.
  if (heading !== undefined && (title === undefined || title === heading.text)) {
    title ??= heading.text
    paragraphs.splice(headingIndex, 1)
  }

  const article = makeArticle({
    id: frontMatter.id ?? articleId(file, 1),
    title: title ?? fileStem(file),
    byline: frontMatter.author,
    author: frontMatter.author,
    body: paragraphs.map((paragraph) => paragraph.text).join('\n'),
    date: frontMatter.date === undefined ? undefined : normalizeDate(frontMatter.date),
    source: frontMatter.source,
    url: frontMatter.url,
    origin: { file, ordinal: 1 },
  })
  return { articles: [article], problems: [] }
}

/**
 * Separates front matter (`---` line, `key: value` lines, `---` line) from the
 * content. Values may be quoted; keys are case-insensitive. A tiny parser is
 * enough: only flat string values are read, so no YAML library is needed.
 */
export function splitFrontMatter (text: string): { frontMatter: FrontMatter, content: string } {
  const lines = text.replace(/^\uFEFF/, '').split('\n')
  if (lines[0]?.trim() !== '---') return { frontMatter: {}, content: text }
  const close = lines.findIndex((line, index) => index > 0 && /^(?:---|\.\.\.)\s*$/.test(line))
  // Without a closing line the dashes are a horizontal rule, not front matter.
  if (close === -1) return { frontMatter: {}, content: text }

  const frontMatter: FrontMatter = {}
  for (const line of lines.slice(1, close)) {
    const match = /^\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line)
    if (match === null) continue
    const key = (match[1] ?? '').toLowerCase()
    const value = unquote((match[2] ?? '').trim())
    if (isFrontMatterKey(key) && value !== '') frontMatter[key] = value
  }
  return { frontMatter, content: lines.slice(close + 1).join('\n') }
}

function isFrontMatterKey (key: string): key is FrontMatterKey {
  return (FRONT_MATTER_KEYS as readonly string[]).includes(key)
}

function unquote (value: string): string {
  const first = value[0]
  if ((first === '"' || first === "'") && value.length >= 2 && value.endsWith(first)) {
    return value.slice(1, -1).trim()
  }
  // An unquoted YAML value may carry a trailing comment.
  return value.replace(/\s+#.*$/, '')
}

interface Paragraph {
  text: string
  /** Heading level (1 for `# `), absent for other paragraphs. */
  level?: number
}

/**
 * The visible paragraphs of Markdown content: headings, list items, table rows
 * and code lines stand alone; other lines run into their paragraph until a blank
 * line. Images are dropped, links keep their text, emphasis and code marks go.
 */
function markdownParagraphs (content: string): Paragraph[] {
  const paragraphs: Paragraph[] = []
  let pending: string[] = []
  let fence: string | undefined

  const flush = (): void => {
    const text = joinWrappedLines(pending)
    if (text !== '') paragraphs.push({ text })
    pending = []
  }
  const push = (paragraph: Paragraph): void => {
    flush()
    if (paragraph.text !== '') paragraphs.push(paragraph)
  }

  for (const raw of content.split('\n')) {
    const fenceMatch = /^\s*(```|~~~)/.exec(raw)
    if (fence !== undefined) {
      if (fenceMatch?.[1] === fence) fence = undefined
      else push({ text: raw.trim() })
      continue
    }
    if (fenceMatch !== null) {
      flush()
      fence = fenceMatch[1]
      continue
    }

    const line = raw.replace(/^\s*(?:>\s?)+/, '').trim()
    if (line === '') {
      flush()
      continue
    }
    // Horizontal rules, setext underlines, table separators and link definitions show no text.
    if (/^(?:[-*_=]\s*){3,}$/.test(line) || /^\|?[\s:|-]+\|[\s:|-]*$/.test(line) || /^\[[^\]]+\]:\s*\S/.test(line)) {
      flush()
      continue
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading !== null) {
      push({ text: collapseSpaces(stripInline(heading[2] ?? '')), level: (heading[1] ?? '').length })
      continue
    }
    const item = /^(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/.exec(line)
    if (item !== null) {
      push({ text: stripInline(item[1] ?? '') })
      continue
    }
    if (line.startsWith('|')) {
      push({ text: collapseSpaces(stripInline(line.replace(/\|/g, ' '))) })
      continue
    }
    pending.push(stripInline(line))
  }
  flush()
  return paragraphs
}

/** Removes inline markup, keeping the text a reader sees. */
function stripInline (text: string): string {
  return text
    .replace(/<!--.*?-->/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\*(\S(?:.*?\S)?)\*/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, '$1')
    .trim()
}
