import { FIELD_COUNT, FIELD_END, type SegmentData } from './segment-data.js'
import { fail } from './segment-format-error.js'

/**
 * Checks that a segment read from disk is one the writers could have made, before any
 * of its numbers is trusted: in time linear in its arrays, never in a count it declares.
 * Every length agrees with docCount and with the other arrays; every run of offsets
 * climbs, starts where the previous region of the text ends and stays within the text;
 * patches lie inside their fields; every index into `values` or the dictionary is within
 * it; dictionaries are sorted (a binary search of an unsorted one finds nothing); every
 * posting count is at most docCount and fits the bytes of its list. Throws a
 * SegmentFormatError naming the first rule broken.
 *
 * The bytes of the posting lists are not decoded here. Measured on the 19,595-article
 * news index (85 MiB, 6 segments, a busy 2-core machine), these checks add about 80 to
 * 100 ms of CPU to the 85 to 105 ms of reading and checksumming it; decoding every
 * posting list as well would add about 170 ms more. Segment's decoders check the postings as they read them
 * instead (varints that end inside their list, ascending documents below docCount, as
 * many as the count says), so a lie in them is INDEX_CORRUPT when a query or a merge
 * reaches it, and costs nothing before.
 *
 * After it, a reader may index any array with any number from another (a document's
 * field starts, a term's postings, a gram's documents) and allocate by any count: each
 * is bounded by the segment's own size.
 */
export function checkSegment (data: SegmentData): void {
  checkLengths(data)
  checkTextRegions(data)
  checkPatches(data)
  checkStoredValues(data)
  checkDictionary(data)
  checkPinyin(data)
  checkGrams(data)
}

/** The fewest bytes a word posting takes: a document gap, a field byte, a frequency. */
export const MIN_WORD_POSTING_BYTES = 3

/** Every array has the length docCount and the other arrays give it. */
function checkLengths (data: SegmentData): void {
  const docs = data.docCount
  const reason = ` (docCount ${docs})`
  expectLength('fieldStarts', data.fieldStarts, docs * FIELD_COUNT + 1, reason)
  expectLength('fieldLengths', data.fieldLengths, docs * FIELD_COUNT, reason)
  for (const key of ['idStarts', 'dateStarts', 'metaStarts', 'peopleStarts'] as const) expectLength(key, data[key], docs + 1, reason)
  for (const key of ['sourceValues', 'fileValues', 'ordinals'] as const) expectLength(key, data[key], docs, reason)
  expectLength('patchEnds', data.patchEnds, data.patchStarts.length)
  expectLength('patchOriginals', data.patchOriginals, data.patchStarts.length + 1)
  const terms = Math.max(0, data.termStarts.length - 1)
  expectLength('termStarts', data.termStarts, terms + 1)
  expectLength('termPostings', data.termPostings, terms + 1)
  expectLength('termDocs', data.termDocs, terms)
  expectLength('termWholeDocs', data.termWholeDocs, terms)
  expectLength('pinyinStarts', data.pinyinStarts, data.pinyinTerms.length + 1)
  expectLength('initialsStarts', data.initialsStarts, data.initialsTerms.length + 1)
  expectLength('gramPostings', data.gramPostings, data.gramKeys.length + 1)
  expectLength('gramDocs', data.gramDocs, data.gramKeys.length)
}

function expectLength (key: string, array: ArrayLike<number>, length: number, reason = ''): void {
  if (array.length !== length) fail(`${key} has ${array.length} entries, not ${length}${reason}`)
}

/**
 * The text is regions one after another, as the writers lay it out: field texts (each
 * ended by FIELD_END), patch originals, ids, dates, metadata, terms, full pinyin keys,
 * initials. Each region's starts climb from where the previous region ends.
 */
function checkTextRegions (data: SegmentData): void {
  const regions = [
    ['fieldStarts', data.fieldStarts],
    ['patchOriginals', data.patchOriginals],
    ['idStarts', data.idStarts],
    ['dateStarts', data.dateStarts],
    ['metaStarts', data.metaStarts],
    ['termStarts', data.termStarts],
    ['pinyinStarts', data.pinyinStarts],
    ['initialsStarts', data.initialsStarts],
  ] as const
  let at = 0
  for (const [key, starts] of regions) {
    expectClimbing(key, starts, at)
    at = starts[starts.length - 1]!
  }
  if (at !== data.text.length) fail(`the text has ${data.text.length} characters, its regions end at ${at}`)
  const { fieldStarts, text } = data
  for (let i = 1; i < fieldStarts.length; i++) {
    if (fieldStarts[i]! <= fieldStarts[i - 1]! || text.charCodeAt(fieldStarts[i]! - 1) !== FIELD_END.charCodeAt(0)) {
      fail(`field ${i - 1} of the text does not end with the field separator`)
    }
  }
}

/** `starts` begins at `first` and never goes down. */
function expectClimbing (key: string, starts: ArrayLike<number>, first: number): void {
  if (starts[0] !== first) fail(`${key} starts at ${starts[0]}, not at ${first}`)
  for (let i = 1; i < starts.length; i++) {
    if (starts[i]! < starts[i - 1]!) fail(`${key} goes down at entry ${i}`)
  }
}

/** Patches are in order, none overlapping another, each inside one field (its end may be the field's end). */
function checkPatches ({ patchStarts, patchEnds, fieldStarts }: SegmentData): void {
  let field = 0
  for (let i = 0; i < patchStarts.length; i++) {
    const start = patchStarts[i]!
    const end = patchEnds[i]!
    if (end < start || (i > 0 && start < patchEnds[i - 1]!)) fail(`patch ${i} overlaps the one before it or ends before it starts`)
    while (field < fieldStarts.length - 1 && fieldStarts[field + 1]! <= start) field++
    if (field >= fieldStarts.length - 1 || end >= fieldStarts[field + 1]!) fail(`patch ${i} is not inside one field`)
  }
}

/** People, sources and corpus files are indexes into `values`; each document's people come in order. */
function checkStoredValues ({ peopleStarts, peopleValues, sourceValues, fileValues, values }: SegmentData): void {
  expectClimbing('peopleStarts', peopleStarts, 0)
  if (peopleStarts[peopleStarts.length - 1] !== peopleValues.length) fail(`peopleStarts ends at ${peopleStarts[peopleStarts.length - 1]}, peopleValues has ${peopleValues.length}`)
  expectBelow('peopleValues', peopleValues, values.length)
  expectBelow('fileValues', fileValues, values.length)
  for (let doc = 0; doc < sourceValues.length; doc++) {
    if (sourceValues[doc]! < -1 || sourceValues[doc]! >= values.length) fail(`sourceValues of document ${doc} is not a value`)
  }
}

function expectBelow (key: string, array: ArrayLike<number>, bound: number): void {
  for (let i = 0; i < array.length; i++) if (array[i]! >= bound) fail(`${key} entry ${i} is ${array[i]}, not below ${bound}`)
}

/**
 * Terms are distinct and sorted. Each term's postings lie in wordPostings, in order, and
 * its document counts fit them: at most docCount, and each posting takes at least
 * MIN_WORD_POSTING_BYTES (so a reader may allocate by termDocs).
 */
function checkDictionary (data: SegmentData): void {
  const { termStarts, termPostings, termDocs, termWholeDocs, wordPostings, text, docCount } = data
  expectBounds('termPostings', termPostings, wordPostings.length, 'wordPostings')
  for (let rank = 0; rank < termDocs.length; rank++) {
    if (rank > 0 && compareRanges(text, termStarts[rank - 1]!, termStarts[rank]!, termStarts[rank]!, termStarts[rank + 1]!) >= 0) fail(`term ${rank} is not after term ${rank - 1} in the dictionary's order`)
    const docs = termDocs[rank]!
    // Also finds a list that ends before it starts (termPostings going down).
    if (docs > docCount || docs * MIN_WORD_POSTING_BYTES > termPostings[rank + 1]! - termPostings[rank]!) fail(`termDocs of term ${rank} is ${docs}, more than its postings can hold`)
    if (termWholeDocs[rank]! > docs) fail(`termWholeDocs of term ${rank} is more than its termDocs`)
  }
}

/** The posting lists `[starts[i], starts[i + 1])` begin at 0 and end at the end of the `bytes` bytes. */
function expectBounds (key: string, starts: Uint32Array, bytes: number, bytesKey: string): void {
  if (starts[0] !== 0) fail(`${key} starts at ${starts[0]}, not at 0`)
  if (starts[starts.length - 1] !== bytes) fail(`${key} ends at ${starts[starts.length - 1]}, ${bytesKey} has ${bytes} bytes`)
}

/** Each pinyin table: keys sorted, each entry a term of the dictionary. */
function checkPinyin (data: SegmentData): void {
  const terms = data.termDocs.length
  for (const [kind, starts, entries] of [['pinyin', data.pinyinStarts, data.pinyinTerms], ['initials', data.initialsStarts, data.initialsTerms]] as const) {
    expectBelow(`${kind}Terms`, entries, terms)
    for (let entry = 1; entry < entries.length; entry++) {
      if (compareRanges(data.text, starts[entry - 1]!, starts[entry]!, starts[entry]!, starts[entry + 1]!) > 0) fail(`${kind} key ${entry} is not after key ${entry - 1} in order`)
    }
  }
}

/** Compares `text[a, aEnd)` with `text[b, bEnd)` as JavaScript compares strings, without slicing them. */
function compareRanges (text: string, a: number, aEnd: number, b: number, bEnd: number): number {
  const length = Math.min(aEnd - a, bEnd - b)
  for (let i = 0; i < length; i++) {
    const difference = text.charCodeAt(a + i) - text.charCodeAt(b + i)
    if (difference !== 0) return difference
  }
  return (aEnd - a) - (bEnd - b)
}

/**
 * Gram keys ascending. Each gram's postings lie in gramBytes, in order, and its document
 * count fits them: at most docCount, and at most one a byte (so a reader may allocate by gramDocs).
 */
function checkGrams (data: SegmentData): void {
  const { gramKeys, gramPostings, gramDocs, gramBytes, docCount } = data
  expectBounds('gramPostings', gramPostings, gramBytes.length, 'gramBytes')
  let previous = Number.NEGATIVE_INFINITY
  for (let rank = 0; rank < gramKeys.length; rank++) {
    const key = gramKeys[rank]!
    if (!(previous < key)) fail(`gram key ${rank} is not after gram key ${rank - 1}`)
    previous = key
    const docs = gramDocs[rank]!
    // Also finds a list that ends before it starts (gramPostings going down).
    if (docs > docCount || docs > gramPostings[rank + 1]! - gramPostings[rank]!) fail(`gramDocs of gram ${rank} is ${docs}, more than its postings can hold`)
  }
}
