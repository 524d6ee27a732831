/**
 * Hit presentation, once for every backend: a hit and the article view are cut from a
 * document's named stored fields (StoredDocument) and the terms a query marks.
 */
import { articleOf, restoreStored, type StoredDocument, type StoredText } from '../analysis/stored-document.js'
import type { Article, SearchHit } from '../types.js'
import { buildSnippets, highlightStored } from './build-snippets.js'

/** How a hit's snippets are cut (the engine options maxSnippets and snippetLength). */
export interface SnippetSettings {
  maxSnippets: number
  snippetLength: number
}

/** An article's text fields as HTML (escaped, matches in `<mark>`): what the article view shows. */
export interface ArticleHtml {
  title: string
  kicker?: string
  byline?: string
  /** The body's paragraphs (blank ones left out). */
  paragraphs: string[]
}

/** Scores as a hit shows them: three decimals. */
export function shownScore (score: number): number {
  return Math.round(score * 1000) / 1000
}

/**
 * A ranked document as a hit: its stored fields restored as written, its metadata, the
 * body's snippets and the marked title, kicker and byline. Without terms (a search that
 * asked for no snippets), no snippets and plain (escaped) highlights.
 */
export function presentHit (stored: StoredDocument, score: number, terms: readonly string[] | undefined, settings: SnippetSettings): SearchHit {
  const { title, kicker, byline, body } = stored.fields
  const mark = (text: StoredText): string => highlightStored(text, terms ?? [])
  return {
    id: stored.id,
    title: restoreStored(title),
    score: shownScore(score),
    ...(kicker.normalized !== '' ? { kicker: restoreStored(kicker) } : {}),
    ...(byline.normalized !== '' ? { byline: restoreStored(byline) } : {}),
    ...stored.metadata,
    snippets: terms === undefined ? [] : buildSnippets(body, terms, { maxFragments: settings.maxSnippets, length: settings.snippetLength }),
    highlights: {
      title: mark(title),
      ...(kicker.normalized !== '' ? { kicker: mark(kicker) } : {}),
      ...(byline.normalized !== '' ? { byline: mark(byline) } : {}),
    },
  }
}

/** The article view: the article as ingested, and its text fields with `terms` marked. */
export function presentArticle (stored: StoredDocument, terms: readonly string[]): { article: Article, html: ArticleHtml } {
  const article = articleOf(stored)
  const { title, kicker, byline, body } = stored.fields
  return {
    article,
    html: {
      title: highlightStored(title, terms),
      ...(article.kicker !== undefined ? { kicker: highlightStored(kicker, terms) } : {}),
      ...(article.byline !== undefined ? { byline: highlightStored(byline, terms) } : {}),
      paragraphs: highlightStored(body, terms).split('\n').filter(paragraph => paragraph.trim() !== ''),
    },
  }
}
