import { peopleOf } from '../../ingest/article-people.js'
import type { IndexedText } from '../../analysis/token.js'
import type { Article } from '../../types.js'
import { GramPostingsBuilder } from './gram-postings-builder.js'
import { grow } from '../../collections/grow.js'
import { IntList } from '../../collections/int-list.js'
import { appendPinyinTables } from './pinyin-tables.js'
import { FIELD_COUNT, FIELD_END, type SegmentData, type StoredMetadata, WHOLE_WORD_BIT } from './segment-data.js'
import { ByteWriter } from './varint.js'
import { bucketEvents } from '../../collections/bucket-events.js'

/** An article after analysis, one IndexedText per text field (TEXT_FIELDS order). */
export interface AnalyzedArticle {
  article: Article
  fields: IndexedText[]
}

/**
 * Builds one segment from analyzed articles, added in order. Postings are gathered as
 * (term, document) events in typed arrays and sorted once at the end, so that a build
 * makes no object per posting.
 */
export class SegmentBuilder {
  // The segment's string is six regions one after the other, then the pinyin keys
  // (appendPinyinTables); offsets are kept relative to their region and shifted when the
  // regions are joined.
  private readonly fieldText = new StringRegion()
  private readonly originalText = new StringRegion()
  private readonly idText = new StringRegion()
  private readonly dateText = new StringRegion()
  private readonly metaText = new StringRegion()
  private readonly termText = new StringRegion()
  private docCount = 0
  private readonly fieldStarts = new IntList()
  private readonly fieldLengths = new IntList()
  private readonly patchStarts = new IntList()
  private readonly patchEnds = new IntList()
  private readonly patchOriginals = new IntList()
  private readonly idStarts = new IntList()
  private readonly dateStarts = new IntList()
  private readonly metaStarts = new IntList()
  private readonly peopleStarts = new IntList()
  private readonly peopleValues = new IntList()
  private readonly sourceValues = new IntList()
  private readonly fileValues = new IntList()
  private readonly ordinals = new IntList()
  private readonly values: string[] = []
  private readonly valueIds = new Map<string, number>()

  private readonly termIds = new Map<string, number>()
  private termFieldFrequencies = new Int32Array(4096 * FIELD_COUNT)
  private termWhole = new Uint8Array(4096)
  private readonly wordEventTerms = new IntList()
  private readonly wordEventDocs = new IntList()
  private readonly wordEventWhole = new IntList()
  private readonly wordEventFrequencies = new IntList()

  private readonly grams = new GramPostingsBuilder()

  get size (): number {
    return this.docCount
  }

  /** Characters of text added so far (to cut segments to size). */
  get textSize (): number {
    return this.fieldText.length
  }

  add ({ article, fields }: AnalyzedArticle): void {
    const doc = this.docCount++
    const touched: number[] = []
    for (let f = 0; f < FIELD_COUNT; f++) {
      const field = fields[f]!
      const start = this.fieldText.append(field.normalized + FIELD_END)
      this.fieldStarts.push(start)
      for (const patch of field.patches) {
        this.patchStarts.push(start + patch.start)
        this.patchEnds.push(start + patch.end)
        this.patchOriginals.push(this.originalText.append(patch.original))
      }
      this.fieldLengths.push(field.words.length)
      this.addWords(field, f, touched)
      this.grams.add(field.normalized, doc)
    }
    for (const term of touched) {
      this.wordEventTerms.push(term)
      this.wordEventDocs.push(doc)
      this.wordEventWhole.push(this.termWhole[term]!)
      for (let f = 0; f < FIELD_COUNT; f++) {
        this.wordEventFrequencies.push(this.termFieldFrequencies[term * FIELD_COUNT + f]!)
        this.termFieldFrequencies[term * FIELD_COUNT + f] = 0
      }
      this.termWhole[term] = 0
    }
    this.addStoredFields(article, doc)
  }

  /** The finished segment. The builder is spent afterwards. */
  finish (): SegmentData {
    this.fieldStarts.push(this.fieldText.length)
    this.patchOriginals.push(this.originalText.length)
    this.idStarts.push(this.idText.length)
    this.dateStarts.push(this.dateText.length)
    this.metaStarts.push(this.metaText.length)
    this.peopleStarts.push(this.peopleValues.length)
    const words = this.finishWords()
    const grams = this.grams.finish()
    const originalBase = this.fieldText.length
    const idBase = originalBase + this.originalText.length
    const dateBase = idBase + this.idText.length
    const metaBase = dateBase + this.dateText.length
    const termBase = metaBase + this.metaText.length
    const termStarts = words.termStarts.map(start => start + termBase)
    const text = this.fieldText.join() + this.originalText.join() + this.idText.join() + this.dateText.join() + this.metaText.join() + this.termText.join()
    return {
      docCount: this.docCount,
      fieldStarts: toUint32(this.fieldStarts),
      fieldLengths: toUint32(this.fieldLengths),
      patchStarts: toUint32(this.patchStarts),
      patchEnds: toUint32(this.patchEnds),
      patchOriginals: toUint32(this.patchOriginals, originalBase),
      idStarts: toUint32(this.idStarts, idBase),
      dateStarts: toUint32(this.dateStarts, dateBase),
      metaStarts: toUint32(this.metaStarts, metaBase),
      peopleStarts: toUint32(this.peopleStarts),
      peopleValues: toUint32(this.peopleValues),
      sourceValues: Int32Array.from(this.sourceValues.view()),
      fileValues: toUint32(this.fileValues),
      ordinals: toUint32(this.ordinals),
      values: this.values,
      ...words,
      termStarts,
      ...appendPinyinTables({ text, termStarts }),
      ...grams,
    }
  }

  private value (text: string): number {
    let id = this.valueIds.get(text)
    if (id === undefined) {
      id = this.values.length
      this.values.push(text)
      this.valueIds.set(text, id)
    }
    return id
  }

  private addWords (field: IndexedText, f: number, touched: number[]): void {
    const { words, whole } = field
    for (let i = 0; i < words.length; i++) {
      let term = this.termIds.get(words[i]!)
      if (term === undefined) {
        term = this.termIds.size
        this.termIds.set(words[i]!, term)
        if (term >= this.termWhole.length) this.growTerms()
      }
      let frequencies = 0
      for (let g = 0; g < FIELD_COUNT; g++) frequencies += this.termFieldFrequencies[term * FIELD_COUNT + g]!
      if (frequencies === 0) touched.push(term)
      this.termFieldFrequencies[term * FIELD_COUNT + f]!++
      if (whole[i] === true) this.termWhole[term] = 1
    }
  }

  private growTerms (): void {
    this.termFieldFrequencies = grow(this.termFieldFrequencies, this.termFieldFrequencies.length + 1)
    this.termWhole = grow(this.termWhole, this.termWhole.length + 1)
  }

  private addStoredFields (article: Article, doc: number): void {
    this.idStarts.push(this.idText.append(article.id))
    this.dateStarts.push(this.dateText.append(article.date ?? ''))
    this.metaStarts.push(this.metaText.length)
    const metadata: StoredMetadata = {}
    for (const key of ['reporters', 'correspondents', 'author', 'source', 'url', 'date', 'origin'] as const) {
      if (article[key] !== undefined) (metadata as Record<string, unknown>)[key] = article[key]
    }
    this.metaText.append(JSON.stringify(metadata))
    this.peopleStarts.push(this.peopleValues.length)
    for (const person of peopleOf(article)) this.peopleValues.push(this.value(person))
    this.sourceValues.push(article.source !== undefined && article.source !== '' ? this.value(article.source) : -1)
    this.fileValues.push(this.value(article.origin?.file ?? ''))
    // Articles made in memory have no place in a corpus file; they fall back to id order.
    this.ordinals.push(article.origin?.ordinal ?? 0)
  }

  private finishWords (): Pick<SegmentData, 'termStarts' | 'termPostings' | 'termDocs' | 'termWholeDocs' | 'wordPostings'> {
    const terms = [...this.termIds.keys()]
    const order = terms.map((_, i) => i).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0))
    const events = bucketEvents(this.wordEventTerms.view(), terms.length)
    const termStarts = new Uint32Array(terms.length + 1)
    const termPostings = new Uint32Array(terms.length + 1)
    const termDocs = new Uint32Array(terms.length)
    const termWholeDocs = new Uint32Array(terms.length)
    const postings = new ByteWriter()
    const docs = this.wordEventDocs.view()
    const frequencies = this.wordEventFrequencies.view()
    order.forEach((term, rank) => {
      termStarts[rank] = this.termText.append(terms[term]!)
      termPostings[rank] = postings.length
      let previous = -1
      for (let e = events.starts[term]!; e < events.starts[term + 1]!; e++) {
        const event = events.order[e]!
        postings.writeVarint(docs[event]! - previous)
        previous = docs[event]!
        let mask = 0
        for (let f = 0; f < FIELD_COUNT; f++) if (frequencies[event * FIELD_COUNT + f]! > 0) mask |= 1 << f
        const whole = this.wordEventWhole.get(event) === 1
        postings.writeByte(whole ? mask | WHOLE_WORD_BIT : mask)
        for (let f = 0; f < FIELD_COUNT; f++) {
          const frequency = frequencies[event * FIELD_COUNT + f]!
          if (frequency > 0) postings.writeVarint(frequency)
        }
        termDocs[rank]!++
        if (whole) termWholeDocs[rank]!++
      }
    })
    termStarts[terms.length] = this.termText.length
    termPostings[terms.length] = postings.length
    return { termStarts, termPostings, termDocs, termWholeDocs, wordPostings: postings.finish() }
  }

}

function toUint32 (list: IntList, base = 0): Uint32Array {
  const values = new Uint32Array(list.view())
  if (base !== 0) for (let i = 0; i < values.length; i++) values[i]! += base
  return values
}

/** Strings appended one after another, joined once at the end. */
class StringRegion {
  private readonly parts: string[] = []
  length = 0

  /** Appends `text`; returns where it starts in the region. */
  append (text: string): number {
    const start = this.length
    if (text !== '') {
      this.parts.push(text)
      this.length += text.length
    }
    return start
  }

  join (): string {
    return this.parts.join('')
  }
}
