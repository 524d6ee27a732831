import { newSegmentName } from './build-segment.js'
import { mergeSegments } from './segment/merge-segments.js'
import { Segment } from './segment/segment.js'
import type { IndexSegment, SegmentedIndex } from './segmented-index.js'

/**
 * When segments are merged, size-tiered as in Lucene: segments of about the same size
 * (the same power of MERGE_FACTOR above MIN_TIER_CHARS of live text) merge once there are
 * MERGE_FACTOR of them, so each document is rewritten about log(n) times over the life of
 * an index that grows by small additions; and a segment that lost most of its documents
 * to deletions is rewritten without them.
 */
export const MERGE_FACTOR = 8
const MIN_TIER_CHARS = 1 << 16
/** A segment with less than this share of its documents live is rewritten. */
const MIN_LIVE_SHARE = 0.5

/** Groups of segments to merge, each group into one segment. */
export function planMerges (segments: readonly IndexSegment[]): IndexSegment[][] {
  const merges: IndexSegment[][] = []
  const taken = new Set<IndexSegment>()
  const tiers = new Map<number, IndexSegment[]>()
  for (const segment of segments) {
    if (segment.live === 0 || segment.live / segment.segment.docCount < MIN_LIVE_SHARE) {
      merges.push([segment])
      taken.add(segment)
      continue
    }
    const tier = tierOf(segment)
    tiers.set(tier, [...(tiers.get(tier) ?? []), segment])
  }
  for (const members of tiers.values()) {
    if (members.length < MERGE_FACTOR) continue
    const smallest = [...members].sort((a, b) => liveChars(a) - liveChars(b)).slice(0, MERGE_FACTOR)
    merges.push(smallest.filter(segment => !taken.has(segment)))
  }
  return merges.filter(group => group.length > 0)
}

function tierOf (segment: IndexSegment): number {
  return Math.max(0, Math.floor(Math.log(liveChars(segment) / MIN_TIER_CHARS) / Math.log(MERGE_FACTOR)))
}

/** Characters of live text, estimated from the segment's string and its live share. */
function liveChars (segment: IndexSegment): number {
  return Math.max(1, segment.segment.data.text.length * (segment.live / Math.max(1, segment.segment.docCount)))
}

/** Runs the merge policy on an index; returns how many merged segments it made. */
export function applyMergePolicy (index: SegmentedIndex): number {
  let made = 0
  for (const group of planMerges(index.segments)) {
    const live = group.reduce((sum, segment) => sum + segment.live, 0)
    index.replaceSegments(group, live === 0 ? undefined : new Segment(newSegmentName(), mergeSegments(group)))
    if (live > 0) made++
  }
  return made
}
