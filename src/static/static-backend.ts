import { FIELD_COUNT } from '../indexing/segment/segment-data.js'
import { type Fetched, type PairCounts, requestKey, type SearchBackend, type SearchContext, type SearchFilters, type Selection, type StoredDocument, type TermPostings } from '../searcher/backend.js'
import type { DocumentAttributes, StaticIndex } from './read/static-index.js'

/**
 * The static export as a backend of the query lifecycle: every primitive answered from
 * the export's files, fetched as a search needs them (the index never changes, so every
 * search sees the same state). Documents are the export's numbers: corpus order, so two
 * compare by their difference.
 */
export function staticBackend (index: StaticIndex): SearchBackend {
  const context: SearchContext = {
    async stats () {
      return { documents: index.manifest.documents, averageFieldLengths: index.manifest.averageFieldLengths }
    },
    async fetch (request) {
      // `within` is not needed: the postings are fetched whole anyway, and are exact.
      const [words, texts] = await Promise.all([
        Promise.all(request.words.map(async ({ word, mask }) => [requestKey(word, mask), await index.wordPostings(word, mask)] as [string, TermPostings])),
        Promise.all(request.texts.map(async ({ text, mask }) => [requestKey(text, mask), await index.textDocs(text, mask)] as [string, Int32Array])),
      ])
      const fetched: Fetched = { words: new Map(words), texts: new Map(texts) }
      return fetched
    },
    async pairCounts (pairs, docs, mask) {
      const [held, lengths] = await Promise.all([Promise.all(pairs.map(async pair => await index.pairDocs(pair))), index.fieldLengths(docs)])
      const counts: PairCounts = { pairDocs: held.map(pair => pair.docs.length), frequencies: new Uint32Array(docs.length * FIELD_COUNT * pairs.length), lengths: new Uint32Array(docs.length * FIELD_COUNT) }
      const rows = held.map(pair => new Map(Array.from(pair.docs, (doc, i) => [doc, i])))
      docs.forEach((doc, t) => {
        for (let f = 0; f < FIELD_COUNT; f++) {
          if ((mask & (1 << f)) === 0) continue
          counts.lengths[t * FIELD_COUNT + f] = lengths[t * FIELD_COUNT + f]!
          held.forEach((pair, p) => {
            const i = rows[p]!.get(doc)
            if (i !== undefined) counts.frequencies[(t * FIELD_COUNT + f) * pairs.length + p] = pair.counts[i * FIELD_COUNT + f]!
          })
        }
      })
      return counts
    },
    async select (docs, scores, filters, facets) {
      const filtering = filters.author !== undefined || filters.source !== undefined || filters.dateFrom !== undefined || filters.dateTo !== undefined
      const selection: Selection = { docs, scores, authors: new Map(), sources: new Map() }
      // Facets count people and sources: an export with neither (dates only, as news) has none to count.
      const { people, sources } = index.manifest.attributes
      if (!filtering && (!facets || (!people && !sources))) return selection
      const attributes = await index.attributes(docs)
      const kept: number[] = []
      attributes.forEach((attribute, i) => { if (!filtering || passes(attribute, filters)) kept.push(i) })
      if (filtering) {
        selection.docs = Int32Array.from(kept, i => docs[i]!)
        selection.scores = Float64Array.from(kept, i => scores[i]!)
      }
      if (facets) {
        for (const i of kept) {
          for (const person of attributes[i]!.people) selection.authors.set(person, (selection.authors.get(person) ?? 0) + 1)
          const source = attributes[i]!.source
          if (source !== undefined) selection.sources.set(source, (selection.sources.get(source) ?? 0) + 1)
        }
      }
      return selection
    },
    compare: (a, b) => a - b,
    stored: async docs => await index.stored(docs),
    completions: async prefix => await index.completions(prefix),
    async spelled (kind, letters, prefix) {
      const words = await index.spelled(kind, letters, prefix)
      // The lifecycle analyzes the words spelled as queries of their own.
      if (!prefix) await index.prepare(words.keys())
      return words
    },
  }
  return {
    analyzer: index.analyzer,
    begin: () => context,
    async storedById (id): Promise<StoredDocument | undefined> {
      const doc = await index.documentOf(id)
      return doc === undefined ? undefined : (await index.stored([doc]))[0]
    },
  }
}

/** The metadata filters, as the embedded index applies them (a date given in part matches its prefix). */
function passes (attributes: DocumentAttributes, { author, source, dateFrom, dateTo }: SearchFilters): boolean {
  if (author !== undefined && !attributes.people.includes(author)) return false
  if (source !== undefined && attributes.source !== source) return false
  if (dateFrom !== undefined || dateTo !== undefined) {
    const date = attributes.date
    if (date === '') return false
    if (dateFrom !== undefined && date < dateFrom) return false
    if (dateTo !== undefined && date.slice(0, dateTo.length) > dateTo) return false
  }
  return true
}
