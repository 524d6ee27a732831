/**
 * An article as an index stores it, by field name (Lucene's StoredFields): each text field
 * normalized, with the patches back to the text as written, and the rest of the article as
 * ingested. The embedded segments store exactly this; a backend that stores the article
 * as written (a cluster, a static export) makes it with {@link storeArticle}. Hits,
 * snippets and the article view are all cut from it (snippets/present-hits.ts), so they
 * look the same whichever backend found them.
 */
import { type Article, TEXT_FIELDS, type TextField } from '../types.js'
import type { NormalizedText } from './normalize/normalized-text.js'
import { diffNormalized, restoreOriginal, type TextPatch } from './normalize/text-patches.js'

/** A stored text field: its normalized text and the patches back to the text as written. */
export interface StoredText {
  normalized: string
  patches: readonly TextPatch[]
}

/** One document's stored fields, by name: what hits, snippets and the article view are made of. */
export interface StoredDocument {
  id: string
  fields: Readonly<Record<TextField, StoredText>>
  /** The rest of the article as ingested (reporters, author, source, date, url, origin…). */
  metadata: Omit<Article, 'id' | TextField>
}

/** The text as it was written. */
export function restoreStored (text: StoredText): string {
  return restoreOriginal(text.normalized, text.patches)
}

/** A text as an index stores it: normalized (the analyzer's `normalize`), with its patches. */
export function storeText (normalized: NormalizedText): StoredText {
  return { normalized: normalized.text, patches: diffNormalized(normalized) }
}

/** An article as it was ingested, stored by a backend that keeps it whole: each text field normalized with `normalize`. */
export function storeArticle (article: Article, normalize: (text: string) => NormalizedText): StoredDocument {
  const { id, title, kicker, byline, body, ...metadata } = article
  const texts: Record<TextField, string | undefined> = { title, kicker, byline, body }
  const fields = Object.fromEntries(TEXT_FIELDS.map(field => [field, storeText(normalize(texts[field] ?? ''))])) as Record<TextField, StoredText>
  return { id, fields, metadata }
}

/** The article as ingested, rebuilt from its stored fields (a kicker or byline only where one was written). */
export function articleOf (stored: StoredDocument): Article {
  const kicker = restoreStored(stored.fields.kicker)
  const byline = restoreStored(stored.fields.byline)
  return {
    id: stored.id,
    title: restoreStored(stored.fields.title),
    ...(kicker !== '' ? { kicker } : {}),
    ...(byline !== '' ? { byline } : {}),
    body: restoreStored(stored.fields.body),
    ...stored.metadata,
  }
}
