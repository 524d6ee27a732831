/**
 * A segment (or the manifest's record of one) that breaks a rule of the index format: a
 * file that is not a segment, an array out of its file, a count or an offset that does
 * not agree with the rest. The message names the rule broken, in words; the index store
 * turns it into INDEX_CORRUPT naming the index and the segment. Reading never trusts a
 * number from a file before the rule that bounds it has been checked.
 */
export class SegmentFormatError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'SegmentFormatError'
  }
}

/** Throws a SegmentFormatError saying which rule is broken. */
export function fail (rule: string): never {
  throw new SegmentFormatError(rule)
}
