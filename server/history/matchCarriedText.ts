import * as Y from 'yjs'
import type { CarriedSegment } from '../documents/carriedSegments.ts'
import { deletionContains, type DeletionRanges } from './deletionRanges.ts'

/** A match shorter than this is only carried when it is a whole inserted item and a whole deleted run. */
const MIN_MATCH = 3
/** Substring searches one update may spend; past it the rest of its text stays the inserter's. */
const SEARCH_BUDGET = 4000
/** Separates deleted runs in the pool, so no match spans two of them. */
const GAP = '\u0000'

/** Deleted text of one update in document order, runs separated by GAP, mapped back to Yjs ids. */
interface Pool {
  text: string
  /** Where each stretch of one item starts in `text`, with its id, ascending. */
  spans: { at: number; client: number; clock: number; length: number }[]
}

/** The text items an update writes that the document does not have yet. */
function insertedStrings(doc: Y.Doc, update: Uint8Array): { client: number; clock: number; text: string }[] {
  const found: { client: number; clock: number; text: string }[] = []
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue
    const { client, clock } = struct.id
    const skip = Math.max(0, Y.getState(doc.store, client) - clock)
    if (skip >= struct.length) continue
    found.push({ client, clock: clock + skip, text: struct.content.str.slice(skip) })
  }
  return found
}

/** The text the update newly deletes, walked in each paragraph's order. */
function deletedPool(doc: Y.Doc, deletions: DeletionRanges): Pool {
  const parents = new Set<Y.AbstractType<any>>()
  for (const [client, ranges] of deletions) {
    // A range can span items of several paragraphs: collect every parent it touches.
    const structs = doc.store.clients.get(client) ?? []
    for (const [clock, length] of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + length; i++) {
        const struct = structs[i]
        if (struct instanceof Y.Item && struct.parent instanceof Y.XmlText) parents.add(struct.parent)
      }
    }
  }
  let text = ''
  const spans: Pool['spans'] = []
  for (const parent of parents) {
    for (let item = parent._start; item !== null; item = item.right) {
      if (!(item.content instanceof Y.ContentString)) continue
      if (item.deleted) continue
      const { client, clock } = item.id
      if (!deletionContains(deletions, client, clock)) {
        // Text that stays visible ends a run.
        if (!text.endsWith(GAP)) text += GAP
        continue
      }
      // An item is deleted whole or in parts; take the stretches the update deletes.
      let start = 0
      while (start < item.length) {
        let end = start
        const inside = deletionContains(deletions, client, clock + start)
        while (end < item.length && deletionContains(deletions, client, clock + end) === inside) end++
        if (inside) {
          spans.push({ at: text.length, client, clock: clock + start, length: end - start })
          text += item.content.str.slice(start, end)
        } else if (!text.endsWith(GAP)) {
          text += GAP
        }
        start = end
      }
    }
    text += GAP
  }
  return { text, spans }
}

/** The segments of the pool's [at, at + length), with the inserted item's clock they map to. */
function segmentsOf(pool: Pool, at: number, length: number, client: number, clock: number): CarriedSegment[] {
  const segments: CarriedSegment[] = []
  let low = 0
  let high = pool.spans.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (pool.spans[mid].at <= at) low = mid
    else high = mid - 1
  }
  for (let i = low; i < pool.spans.length && pool.spans[i].at < at + length; i++) {
    const span = pool.spans[i]
    const from = Math.max(at, span.at)
    const to = Math.min(at + length, span.at + span.length)
    if (to <= from) continue
    segments.push({ client, clock: clock + (from - at), length: to - from, fromClient: span.client, fromClock: span.clock + (from - span.at) })
  }
  return segments
}

/**
 * Finds the text an update re-inserts from text it deletes — what the editor binding makes of a
 * split, a join, a new block type, a wrap or a move — and returns which new items carry which
 * deleted ones. Call before the update is applied: `deletions` are the deletions that are new
 * to the document (newDeletions), so the original items are the server's own record, never the
 * client's word. Each deleted character is carried at most once (a duplicate is a copy, the
 * paster's own); matches shorter than MIN_MATCH count only when they are a whole item and a whole
 * deleted run (splitting off the last letter of a paragraph).
 */
export function matchCarriedText(doc: Y.Doc, update: Uint8Array, deletions: DeletionRanges): CarriedSegment[] {
  if (deletions.size === 0) return []
  const inserted = insertedStrings(doc, update)
  if (inserted.length === 0) return []
  const pool = deletedPool(doc, deletions)
  if (pool.spans.length === 0) return []
  let budget = SEARCH_BUDGET
  const segments: CarriedSegment[] = []
  const consume = (at: number, length: number) => {
    pool.text = pool.text.slice(0, at) + GAP.repeat(length) + pool.text.slice(at + length)
  }
  for (const { client, clock, text } of inserted) {
    let i = 0
    while (i < text.length && budget > 0) {
      budget--
      const whole = pool.text.indexOf(text.slice(i))
      let length = whole >= 0 ? text.length - i : 0
      let at = whole
      if (whole < 0) {
        // The longest prefix of the rest that the pool holds (a prefix found means all shorter ones are).
        let low = 0
        let high = text.length - i - 1
        while (low < high && budget > 0) {
          budget--
          const mid = (low + high + 1) >> 1
          const found = pool.text.indexOf(text.slice(i, i + mid))
          if (found >= 0) { low = mid; at = found } else high = mid - 1
        }
        length = low
      }
      const wholeRun = length === text.length && i === 0
        && (at === 0 || pool.text[at - 1] === GAP) && (pool.text[at + length] ?? GAP) === GAP
      if (length >= MIN_MATCH || (length > 0 && wholeRun)) {
        segments.push(...segmentsOf(pool, at, length, client, clock + i))
        consume(at, length)
        i += length
      } else {
        i += Math.max(1, length)
      }
    }
  }
  return segments
}
