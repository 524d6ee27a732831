import { createError } from '../errors.js'
import { ALL_FIELDS } from '../search/postings.js'
import { QueryBudget } from '../search/query-budget.js'
import type { SearchBackend, StoredDocument } from './backend.js'

/**
 * Every stored document whose text (any field) holds one of `texts` (normalized, as the
 * backend's analyzer normalizes): grep's answer over the whole index, with no time budget,
 * in the backend's document order. Asked of any backend alike, it is how a user-dictionary
 * change finds the articles whose analysis the change can alter (engine/dictionary-change.ts,
 * cluster/cluster-reindex.ts).
 */
export async function documentsHolding (backend: SearchBackend, texts: readonly string[]): Promise<StoredDocument[]> {
  const wanted = [...new Set(texts)].filter(text => text !== '')
  if (wanted.length === 0) return []
  const context = backend.begin()
  // Every match, however long it takes: a missed document would keep its old words.
  const fetched = await context.fetch({ words: [], texts: wanted.map(text => ({ text, mask: ALL_FIELDS })) }, new QueryBudget(0))
  if (fetched.partial !== undefined) throw createError('CLUSTER_ERROR', 'the index did not answer in full (a shard is down), so the articles a dictionary change touches are not all known; try again when every shard answers')
  const docs = new Set<number>()
  for (const list of fetched.texts.values()) for (const doc of list) docs.add(doc)
  return context.stored(Int32Array.from([...docs].sort((a, b) => a - b)))
}
