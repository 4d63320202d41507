import * as Y from 'yjs'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import type { CarriedSegment } from '../documents/carriedSegments.ts'
import { deletionContains, type DeletionRanges } from './deletionRanges.ts'

/** A match shorter than this is only carried when it is a whole inserted item and a whole deleted run. */
const MIN_MATCH = 3
/** Substring searches one update may spend; past it the rest of its text stays the inserter's. */
const SEARCH_BUDGET = 4000
/** Inserted text this long, left after moves, is looked for as a copy of the page's visible text (a paste). */
const MIN_COPY = 12
/** Searches of the whole page's text one paste may spend looking for what it copies. */
const COPY_BUDGET = 200
/** Separates deleted runs in the pool, so no match spans two of them. */
const GAP = '\u0000'

/** Deleted text of one update in document order, runs separated by GAP, mapped back to Yjs ids. */
interface Pool {
  text: string
  /** Where each stretch of one item starts in `text`, with its id, ascending. */
  spans: { at: number; client: number; clock: number; length: number }[]
}

/** The text items an update writes that the document does not have yet. */
function insertedStrings(doc: Y.Doc, update: Uint8Array): Inserted[] {
  const found: Inserted[] = []
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
      const { client, clock } = item.id
      // An item is deleted whole or in parts; take the stretches in `deletions`. Text that
      // stays visible ends a run; text deleted earlier by anyone is not there and ends nothing.
      let start = 0
      while (start < item.length) {
        let end = start
        const inside = deletionContains(deletions, client, clock + start)
        while (end < item.length && deletionContains(deletions, client, clock + end) === inside) end++
        if (inside) {
          spans.push({ at: text.length, client, clock: clock + start, length: end - start })
          text += item.content.str.slice(start, end)
        } else if (!item.deleted && !text.endsWith(GAP)) {
          text += GAP
        }
        start = end
      }
    }
    text += GAP
  }
  return { text, spans }
}

/** The page's visible text, paragraph by paragraph, for recognising a pasted copy. */
function visiblePool(doc: Y.Doc): Pool {
  let text = ''
  const spans: Pool['spans'] = []
  const walk = (parent: Y.AbstractType<any>) => {
    for (let item = parent._start; item !== null; item = item.right) {
      if (item.deleted) continue
      if (item.content instanceof Y.ContentString) {
        spans.push({ at: text.length, client: item.id.client, clock: item.id.clock, length: item.length })
        text += item.content.str
      } else if (item.content instanceof Y.ContentType) {
        walk(item.content.type)
        text += GAP
      }
    }
  }
  walk(doc.getXmlFragment(CONTENT_FIELD))
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

/** A stretch of inserted text not matched yet. */
interface Inserted {
  client: number
  clock: number
  text: string
}

/**
 * Matches inserted stretches against a pool, consuming what it carries. Returns the segments
 * and the stretches left unmatched. `short` allows a match under MIN_MATCH when it is a whole
 * item and a whole deleted run.
 */
function matchInto(pool: Pool, inserted: Inserted[], short: boolean, budget: { left: number }, copy = false): { segments: CarriedSegment[]; rest: Inserted[] } {
  const least = copy ? MIN_COPY : MIN_MATCH
  const segments: CarriedSegment[] = []
  const rest: Inserted[] = []
  for (const { client, clock, text } of inserted) {
    let i = 0
    let unmatched = 0
    const keep = (to: number) => { if (to > unmatched) rest.push({ client, clock: clock + unmatched, text: text.slice(unmatched, to) }) }
    while (i < text.length) {
      if (budget.left <= 0) break
      budget.left--
      let at = pool.text.indexOf(text.slice(i))
      let length = at >= 0 ? text.length - i : 0
      if (at < 0) {
        // The longest prefix of the rest that the pool holds (a prefix found means all shorter ones are).
        let low = 0
        let high = text.length - i - 1
        while (low < high && budget.left > 0) {
          budget.left--
          const mid = (low + high + 1) >> 1
          const found = pool.text.indexOf(text.slice(i, i + mid))
          if (found >= 0) { low = mid; at = found } else high = mid - 1
        }
        length = low
      }
      const wholeRun = short && length === text.length && i === 0
        && (at === 0 || pool.text[at - 1] === GAP) && (pool.text[at + length] ?? GAP) === GAP
      if (length >= least || (length > 0 && wholeRun)) {
        keep(i)
        const found = segmentsOf(pool, at, length, client, clock + i)
        // A copy leaves its original where it is; a move uses its original up.
        if (copy) for (const segment of found) segment.copy = true
        else pool.text = pool.text.slice(0, at) + GAP.repeat(length) + pool.text.slice(at + length)
        segments.push(...found)
        i += length
        unmatched = i
      } else if (copy) {
        // Copies are looked for word by word: the page is long, and a miss costs a search of all of it.
        const space = text.indexOf(' ', i + Math.max(1, length))
        i = space < 0 ? text.length : space + 1
      } else {
        i += Math.max(1, length)
      }
    }
    keep(text.length)
  }
  return { segments, rest }
}

/**
 * Finds the text an update re-inserts from text that was deleted — what the editor binding
 * makes of a split, a join, a new block type, a wrap or a drag — and returns which new items
 * carry which deleted ones. Call before the update is applied. `deletions` are the update's
 * own deletions that are new to the document (newDeletions); `recent` what the same user
 * deleted shortly before (a cut, then a paste). Both are the server's own record, never the
 * client's word. Each deleted character is carried at most once (a duplicate is a copy, the
 * paster's own). A match shorter than MIN_MATCH counts only within the update, as a whole item
 * and a whole deleted run (splitting off the last letter of a paragraph). Inserted text left
 * over, MIN_COPY characters or more, that repeats visible text is returned as a copy: it stays
 * the paster's, and history says what it was copied from.
 */
export function matchCarriedText(doc: Y.Doc, update: Uint8Array, deletions: DeletionRanges, recent: DeletionRanges = new Map()): CarriedSegment[] {
  // Without deletions of its own, only a paste can carry or copy: typing one letter at a time never does.
  const inserted = insertedStrings(doc, update).filter((s) => deletions.size > 0 || s.text.length >= MIN_MATCH)
  if (inserted.length === 0) return []
  const budget = { left: SEARCH_BUDGET }
  const own = deletions.size > 0 ? matchInto(deletedPool(doc, deletions), inserted, true, budget) : { segments: [], rest: inserted }
  const lately = recent.size > 0 && own.rest.length > 0 ? matchInto(deletedPool(doc, recent), own.rest, false, budget) : { segments: [], rest: own.rest }
  // What is left and long enough may be a pasted copy of text still on the page: noted, not credited.
  const pasted = lately.rest.filter((s) => s.text.length >= MIN_COPY)
  const copies = pasted.length > 0 ? matchInto(visiblePool(doc), pasted, false, { left: COPY_BUDGET }, true).segments : []
  return [...own.segments, ...lately.segments, ...copies]
}
