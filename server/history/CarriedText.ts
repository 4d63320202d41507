import { decodeCarriedSegments, type CarriedSegment } from '../documents/carriedSegments.ts'
import type { YjsPosition } from './diffWords.ts'
import { firstGreater } from './snapshotSegments.ts'

/** Longest chain of carries followed (a page's text is re-carried once per structural edit). */
const MAX_DEPTH = 10_000

/** Inserts `clock` into a rising list unless it is there. */
function insertSorted(list: number[], clock: number): void {
  const i = firstGreater(list, clock)
  if (list[i - 1] !== clock) list.splice(i, 0, clock)
}

/** The segment of `byClient` holding the character, mapped to its source. */
function find(byClient: Map<number, CarriedSegment[]>, { client, clock }: YjsPosition): YjsPosition | null {
  const list = byClient.get(client)
  if (!list) return null
  let low = 0
  let high = list.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const s = list[mid]
    if (clock < s.clock) high = mid - 1
    else if (clock >= s.clock + s.length) low = mid + 1
    else return { client: s.fromClient, clock: s.fromClock + (clock - s.clock) }
  }
  return null
}

/**
 * A page's carried text: which items re-insert which deleted ones, as the server recorded them
 * when structural edits arrived. Answers "where did this character first come from" by
 * following the chain of carries back to the item its author typed.
 */
export class CarriedText {
  private readonly moves = new Map<number, CarriedSegment[]>()
  private readonly copies = new Map<number, CarriedSegment[]>()
  private readonly segments: CarriedSegment[]

  /** From the stored records of a page, oldest first. */
  constructor(records: Uint8Array[]) {
    this.segments = records.flatMap((bytes) => decodeCarriedSegments(bytes))
    for (const segment of this.segments) {
      const byClient = segment.copy ? this.copies : this.moves
      let list = byClient.get(segment.client)
      if (!list) byClient.set(segment.client, (list = []))
      list.push(segment)
    }
    for (const list of [...this.moves.values(), ...this.copies.values()]) list.sort((a, b) => a.clock - b.clock)
  }

  get size(): number {
    return this.segments.length
  }

  /** The deleted character this one re-inserts, or null when it was typed (or pasted) here. */
  parent(at: YjsPosition): YjsPosition | null {
    return find(this.moves, at)
  }

  /** The character this one is a pasted copy of (the copy is its paster's), or null. */
  copyOf(at: YjsPosition): YjsPosition | null {
    return find(this.copies, this.origin(at))
  }
  /** The characters this one was carried from, nearest first (empty when it was typed here). */
  ancestors(at: YjsPosition): YjsPosition[] {
    const chain: YjsPosition[] = []
    for (let next = this.parent(at); next && chain.length < MAX_DEPTH; next = this.parent(next)) chain.push(next)
    return chain
  }

  /** The character as its author typed it: the end of the chain of carries. */
  origin(at: YjsPosition): YjsPosition {
    return this.ancestors(at).at(-1) ?? at
  }

  /**
   * Adds to `cuts` (rising clocks per client where text must be read piecewise) the edges of
   * every carried segment on both sides, and carries the cuts of each original over to its
   * copy, so a run of text never straddles two origins, authors or revisions.
   */
  addCuts(cuts: Map<number, number[]>): void {
    const listOf = (client: number) => {
      let list = cuts.get(client)
      if (!list) cuts.set(client, (list = []))
      return list
    }
    // Oldest first: an original's own carries are known before its copy is handled.
    for (const s of this.segments) {
      const copy = listOf(s.client)
      const original = listOf(s.fromClient)
      insertSorted(copy, s.clock)
      insertSorted(copy, s.clock + s.length)
      insertSorted(original, s.fromClock)
      insertSorted(original, s.fromClock + s.length)
      for (let i = firstGreater(original, s.fromClock); i < original.length && original[i] < s.fromClock + s.length; i++) {
        insertSorted(copy, s.clock + (original[i] - s.fromClock))
      }
    }
  }
}
