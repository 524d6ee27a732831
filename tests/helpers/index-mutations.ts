import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { ELEMENT_BYTES, elementOffset, type ForgedManifest, readForgedManifest, segmentLayout, segmentPath, withHeader, writeResealed } from './forge-index.js'
import type { IndexProbe, ProbeOutcome } from './index-probe.js'

/*
 * Random damage to a saved index, as fast-check values: each a list of one to three
 * mutations of its segment files (an element of a named array set to a value near a
 * boundary, a byte flipped, the header's counts and array bounds edited, a file cut or
 * grown, a UTF-16 unit of the text replaced) or of its manifest (counts, tombstones,
 * segments listed twice, dropped or reordered). The manifest's checksums and byte counts
 * are recomputed afterwards, so only the reader's own checks stand between the damage
 * and the process that opens it.
 */

/** A value relative to what is there: near the boundaries a reader has to check. */
const VALUE_KINDS = ['zero', 'one', 'minus-one', 'plus-one', 'doc-count', 'text-length', 'half', 'int-max', 'u32-max', 'thirty-million', 'random'] as const
type ValueKind = (typeof VALUE_KINDS)[number]

export type Mutation =
  | { kind: 'element', segment: number, array: number, index: number, value: ValueKind, random: number }
  | { kind: 'byte', segment: number, file: 'zix' | 'ztx', offset: number, mask: number }
  | { kind: 'header', segment: number, field: 'docCount' | 'array-length' | 'array-offset' | 'values', array: number, value: ValueKind, random: number }
  | { kind: 'resize', segment: number, file: 'zix' | 'ztx', share: number, grow: boolean }
  | { kind: 'text-unit', segment: number, offset: number, unit: number }
  | { kind: 'manifest', field: 'documents' | 'documentCount' | 'termCount' | 'deleted-bit' | 'deleted-all' | 'deleted-none' | 'duplicate' | 'drop' | 'reverse', segment: number, value: ValueKind, random: number, bit: number }

const index = fc.nat({ max: 1 << 24 })
const value = fc.constantFrom(...VALUE_KINDS)
const random = fc.nat({ max: 0xffffffff })
/** Characters that mean something in a segment's text: a field end, JSON punctuation, a surrogate half, a letter, a Han character. */
const UNITS = [0x0000, 0x007b, 0x0022, 0x007d, 0xd800, 0xdc00, 0x0061, 0x5de5]

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('element' as const), segment: index, array: index, index, value, random }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('byte' as const), segment: index, file: fc.constantFrom('zix' as const, 'ztx' as const), offset: index, mask: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('header' as const), segment: index, field: fc.constantFrom('docCount' as const, 'array-length' as const, 'array-offset' as const, 'values' as const), array: index, value, random }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resize' as const), segment: index, file: fc.constantFrom('zix' as const, 'ztx' as const), share: fc.double({ min: 0, max: 1, noNaN: true }), grow: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text-unit' as const), segment: index, offset: index, unit: fc.constantFrom(...UNITS) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('manifest' as const),
      field: fc.constantFrom('documents' as const, 'documentCount' as const, 'termCount' as const, 'deleted-bit' as const, 'deleted-all' as const, 'deleted-none' as const, 'duplicate' as const, 'drop' as const, 'reverse' as const),
      segment: index,
      value,
      random,
      bit: index,
    }),
  },
)

/** One to three mutations of one index. */
export const damageArbitrary = fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 })

/** A copy of `pristine` in `dir` with `mutations` applied, its manifest resealed. */
export async function damagedIndex (pristine: string, dir: string, mutations: readonly Mutation[]): Promise<void> {
  await cp(pristine, dir, { recursive: true })
  const manifest = await readForgedManifest(dir)
  const names = manifest.segments.map(segment => segment.name)
  for (const mutation of mutations) {
    if (mutation.kind === 'manifest') editManifest(manifest, mutation)
    else await editSegment(dir, names[mutation.segment % names.length]!, mutation)
  }
  await writeResealed(dir, manifest)
}

function resolve (kind: ValueKind, current: number, context: { docCount: number, textLength: number }, random: number): number {
  switch (kind) {
    case 'zero': return 0
    case 'one': return 1
    case 'minus-one': return Math.max(0, current - 1)
    case 'plus-one': return current + 1
    case 'doc-count': return context.docCount
    case 'text-length': return context.textLength
    case 'half': return Math.floor(current / 2)
    case 'int-max': return 0x7fffffff
    case 'u32-max': return 0xffffffff
    case 'thirty-million': return 30_000_000
    case 'random': return random
  }
}

async function editSegment (dir: string, name: string, mutation: Exclude<Mutation, { kind: 'manifest' }>): Promise<void> {
  const zixPath = segmentPath(dir, name, 'zix')
  const ztxPath = segmentPath(dir, name, 'ztx')
  const zix = await readFile(zixPath)
  const ztx = await readFile(ztxPath)
  const layout = readableLayout(zix)
  const context = { docCount: layout?.header.docCount ?? 0, textLength: ztx.length / 2 }
  const arrays = layout?.header.arrays ?? []
  // Edits by array or header need a header that an earlier mutation left readable.
  if ((mutation.kind === 'element' || mutation.kind === 'header') && (layout === undefined || arrays.length === 0)) return
  switch (mutation.kind) {
    case 'element': {
      const array = arrays[mutation.array % arrays.length]!
      if (array.length === 0) return
      const at = elementOffset(layout!, array.key, mutation.index % array.length)
      const bytes = ELEMENT_BYTES[array.key]!
      if (at + bytes > zix.length) return
      const current = bytes === 1 ? zix[at]! : bytes === 4 ? zix.readUInt32LE(at) : zix.readDoubleLE(at)
      const next = resolve(mutation.value, current, context, mutation.random)
      if (bytes === 1) zix[at] = next & 0xff
      else if (bytes === 4) zix.writeUInt32LE(next >>> 0, at)
      else zix.writeDoubleLE(next, at)
      await writeFile(zixPath, zix)
      return
    }
    case 'byte': {
      const file = mutation.file === 'zix' ? zix : ztx
      if (file.length === 0) return
      file[mutation.offset % file.length]! ^= mutation.mask
      await writeFile(mutation.file === 'zix' ? zixPath : ztxPath, file)
      return
    }
    case 'header':
      await writeFile(zixPath, withHeader(zix, header => {
        const array = header.arrays[mutation.array % header.arrays.length]!
        if (mutation.field === 'docCount') header.docCount = resolve(mutation.value, header.docCount, context, mutation.random)
        else if (mutation.field === 'array-length') array.length = resolve(mutation.value, array.length, context, mutation.random)
        else if (mutation.field === 'array-offset') array.offset = resolve(mutation.value, array.offset, context, mutation.random)
        else if (header.values.length > 0) header.values.splice(mutation.random % header.values.length, 1)
      }))
      return
    case 'resize': {
      const file = mutation.file === 'zix' ? zix : ztx
      const length = Math.floor(file.length * mutation.share)
      await writeFile(mutation.file === 'zix' ? zixPath : ztxPath, mutation.grow ? Buffer.concat([file, Buffer.alloc(length)]) : file.subarray(0, length))
      return
    }
    case 'text-unit':
      if (ztx.length < 2) return
      ztx.writeUInt16LE(mutation.unit, 2 * (mutation.offset % (ztx.length / 2)))
      await writeFile(ztxPath, ztx)
  }
}

/** The layout of a segment file, or undefined when it is no longer one (cut short, its header broken). */
function readableLayout (zix: Buffer): ReturnType<typeof segmentLayout> | undefined {
  try {
    const layout = segmentLayout(zix)
    return Array.isArray(layout.header.arrays) && layout.header.arrays.every(array => ELEMENT_BYTES[array.key] !== undefined) ? layout : undefined
  } catch {
    return undefined
  }
}

function editManifest (manifest: ForgedManifest, mutation: Extract<Mutation, { kind: 'manifest' }>): void {
  const segments = manifest.segments
  if (segments.length === 0) return
  const entry = segments[mutation.segment % segments.length]!
  const context = { docCount: entry.documents, textLength: entry.text.bytes / 2 }
  switch (mutation.field) {
    case 'documents':
      entry.documents = resolve(mutation.value, entry.documents, context, mutation.random)
      return
    case 'documentCount':
      manifest.documentCount = resolve(mutation.value, manifest.documentCount, context, mutation.random)
      return
    case 'termCount':
      manifest.termCount = resolve(mutation.value, manifest.termCount, context, mutation.random)
      return
    case 'deleted-bit': {
      const bits = Buffer.from(entry.deleted ?? Buffer.alloc(tombstoneBytes(entry.documents)).toString('base64'), 'base64')
      if (bits.length === 0) return
      bits[(mutation.bit >> 3) % bits.length]! ^= 1 << (mutation.bit & 7)
      entry.deleted = bits.toString('base64')
      return
    }
    case 'deleted-all':
      entry.deleted = Buffer.alloc(tombstoneBytes(entry.documents), 0xff).toString('base64')
      return
    case 'deleted-none':
      delete entry.deleted
      return
    case 'duplicate':
      segments.push({ ...entry })
      return
    case 'drop':
      segments.splice(segments.indexOf(entry), 1)
      return
    case 'reverse':
      segments.reverse()
  }
}

/** Error codes a damaged index may be refused with. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(['INDEX_CORRUPT', 'INDEX_FORMAT_MISMATCH', 'INDEX_ANALYZER_MISMATCH', 'INDEX_NOT_FOUND'])

/** The bounds every probe of a damaged index stays within. */
export interface ProbeBounds {
  ms: number
  rssBytes: number
}

/**
 * What is wrong with a probe's outcome, if anything: a hang, a crash, an error that is
 * not a coded refusal, a refusal that is not a named rule, a time or memory bound
 * exceeded, or an answer of the wrong shape (a total that is not a count of the index's
 * documents, more hits than asked for or than the total, an id twice, an article that
 * is not the hit's).
 */
export function outcomeProblems (outcome: ProbeOutcome, limit: number, bounds: ProbeBounds): string[] {
  const problems: string[] = []
  if (outcome.kind === 'hang' || outcome.kind === 'crash' || outcome.kind === 'raw-error') return [`${outcome.kind}: ${JSON.stringify(outcome).slice(0, 600)}`]
  if (outcome.ms > bounds.ms) problems.push(`took ${outcome.ms} ms, more than ${bounds.ms}`)
  if (outcome.rssBytes > bounds.rssBytes) problems.push(`RSS ${outcome.rssBytes} bytes, more than ${bounds.rssBytes}`)
  if (outcome.kind === 'refused') {
    if (!REFUSAL_CODES.has(outcome.code)) problems.push(`refused with ${outcome.code}`)
    if (!/^zhsearch: /.test(outcome.message) || /unexpected error/.test(outcome.message)) problems.push(`refused with the message ${outcome.message}`)
    return problems
  }
  for (const answer of outcome.answers) {
    if (!answer.ok) {
      if (answer.code !== 'INDEX_CORRUPT' || /unexpected error/.test(answer.message)) problems.push(`${answer.query}: ${answer.code} ${answer.message}`)
      continue
    }
    const { total, hits, document } = answer
    if (!Number.isInteger(total) || total < 0 || total > outcome.size) problems.push(`${answer.query}: total ${total} of ${outcome.size} documents`)
    if (hits.length > Math.min(limit, total)) problems.push(`${answer.query}: ${hits.length} hits of total ${total}, limit ${limit}`)
    if (new Set(hits.map(hit => hit.id)).size !== hits.length) problems.push(`${answer.query}: an id twice in the hits`)
    if (hits.some(hit => typeof hit.id !== 'string' || typeof hit.title !== 'string')) problems.push(`${answer.query}: a hit without an id or a title`)
    if (hits.length > 0 && document?.id !== hits[0]!.id) problems.push(`${answer.query}: getDocument(${hits[0]!.id}) gave ${JSON.stringify(document)}`)
  }
  return problems
}

/** Counts of a fuzz run, for its closing line. */
export interface FuzzCounts {
  tried: number
  refused: number
  answered: number
  /** Answered, with at least one search refused as INDEX_CORRUPT (a lie only that query read). */
  answeredWithCorruptQuery: number
  boundsHeld: number
  slowestMs: number
  maxRssBytes: number
}

export function emptyCounts (): FuzzCounts {
  return { tried: 0, refused: 0, answered: 0, answeredWithCorruptQuery: 0, boundsHeld: 0, slowestMs: 0, maxRssBytes: 0 }
}

/** Adds one probe's outcome to the counts (its problems already found). */
export function count (counts: FuzzCounts, outcome: ProbeOutcome, problems: readonly string[]): void {
  counts.tried++
  if (outcome.kind === 'refused') counts.refused++
  if (outcome.kind === 'answered') {
    counts.answered++
    if (outcome.answers.some(answer => !answer.ok)) counts.answeredWithCorruptQuery++
  }
  if (problems.length === 0) counts.boundsHeld++
  counts.slowestMs = Math.max(counts.slowestMs, outcome.ms)
  counts.maxRssBytes = Math.max(counts.maxRssBytes, outcome.rssBytes)
}

/** The closing line of a fuzz run. */
export function describeCounts (counts: FuzzCounts, bounds: ProbeBounds): string {
  return `${counts.tried} damaged indexes tried: ${counts.refused} refused with a coded error, ${counts.answered} answered (${counts.answeredWithCorruptQuery} of them with a search refused as INDEX_CORRUPT); ` +
    `${counts.boundsHeld} of ${counts.tried} within ${bounds.ms} ms and ${Math.round(bounds.rssBytes / 2 ** 20)} MiB RSS, no hang, crash or raw error (slowest ${counts.slowestMs} ms, largest RSS ${Math.round(counts.maxRssBytes / 2 ** 20)} MiB)`
}

/** Where the damaged copies of a fuzz run go: one folder per case. */
export function caseFolder (root: string, n: number): string {
  return join(root, `case-${n}`)
}

/** What a probe fuzz run does: how many damaged copies of `pristine` (made in `root`), searched how. */
export interface ProbeFuzz {
  pristine: string
  root: string
  runs: number
  queries: readonly string[]
  limit: number
  bounds: ProbeBounds
}

/**
 * Damages copies of an index at random (damageArbitrary), probes each, and fails (with
 * the mutations, after fast-check shrinks them) on the first outcome with a problem
 * (outcomeProblems). Resolves to the counts of the run.
 */
export async function runProbeFuzz (probe: IndexProbe, { pristine, root, runs, queries, limit, bounds }: ProbeFuzz): Promise<FuzzCounts> {
  const counts = emptyCounts()
  await fc.assert(fc.asyncProperty(damageArbitrary, async mutations => {
    const dir = caseFolder(root, counts.tried)
    await damagedIndex(pristine, dir, mutations)
    const outcome = await probe.probe({ dir, queries, limit, suggest: '工' })
    const problems = outcomeProblems(outcome, limit, bounds)
    count(counts, outcome, problems)
    await rm(dir, { recursive: true, force: true })
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\nafter ${JSON.stringify(mutations)}`)
  }), { numRuns: runs })
  return counts
}

/**
 * Bytes of a tombstone bitmap for `documents`, at most 1 MiB: an earlier mutation may have
 * set the count to 2^32 - 1, whose bitmap (512 MiB, in base64 past the longest string V8
 * makes) no manifest could hold; a shorter one is as much of a lie for the reader to refuse.
 */
function tombstoneBytes (documents: number): number {
  return Math.min(Math.ceil(Math.max(0, documents) / 8), 1 << 20)
}
