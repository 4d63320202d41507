import * as Y from 'yjs'

/** Where an item of an incoming update will land once Yjs integrates it. */
export type Place =
  /** Directly in a root type of the document (`doc.get(name)`); `sub` is a map key or null. */
  | { kind: 'root'; name: string; sub: string | null }
  /** In a type the document already has. */
  | { kind: 'live'; type: Y.AbstractType<any>; sub: string | null }
  /** In a type the same update creates (the item holding it). */
  | { kind: 'new'; item: Y.Item; sub: string | null }
  /** Nowhere: a neighbour or the parent is garbage, so Yjs turns the item into garbage too. */
  | { kind: 'gone' }
  /**
   * Not yet: it waits on a struct of `client` that neither the document nor the update can
   * integrate now (Yjs keeps it pending). `client` is -1 for a cycle, which never integrates.
   */
  | { kind: 'pending'; client: number }

type Found = Y.Item | Y.GC | null

const GONE: Place = { kind: 'gone' }
const pending = (client: number): Place => ({ kind: 'pending', client })

/** One step of resolving an item's place: an answer, or "same place as this other item of the update". */
type Step = { place: Place } | { next: Y.Item }

/**
 * Resolves the place of each item of a decoded update the way Yjs's integration does
 * (Item.getMissing): an item with a left or right origin takes the parent of that neighbour;
 * one without takes the parent written in it (a root name or the id of the item holding the
 * parent type). Neighbours and parents are looked up in the live document first, then in the
 * update. Reads only: nothing in the document is split, merged or changed.
 */
export class ItemPlaces {
  private readonly doc: Y.Doc
  /** The update's structs per client, ordered by clock. */
  private readonly byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>()
  private readonly places = new Map<Y.Item, Place>()
  /** Per client, the clock up to which the document and the update together hold every struct. */
  private readonly reach: ReadonlyMap<number, number>

  constructor(doc: Y.Doc, structs: (Y.Item | Y.GC | Y.Skip)[], reach: ReadonlyMap<number, number>) {
    this.doc = doc
    this.reach = reach
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client) ?? []
      list.push(struct)
      this.byClient.set(struct.id.client, list)
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)
  }

  /** The place of `item`. Iterative, so a long chain of origins inside one update cannot exhaust the stack. */
  of(item: Y.Item): Place {
    const chain: Y.Item[] = []
    const visiting = new Set<Y.Item>()
    let current = item
    let place: Place
    for (;;) {
      const known = this.places.get(current)
      if (known) { place = known; break }
      // A cycle of origins never integrates; Yjs would keep it waiting.
      if (visiting.has(current)) { place = pending(-1); break }
      visiting.add(current)
      chain.push(current)
      const step = this.step(current)
      if ('place' in step) { place = step.place; break }
      current = step.next
    }
    for (const link of chain) this.places.set(link, place)
    return place
  }

  /**
   * How many elements deep the element `item` creates will be: 1 directly in the root,
   * counting elements of the document and of the update above it. Stops counting past `cap`.
   */
  depthOf(item: Y.Item, cap: number): number {
    let depth = 1
    let place = this.of(item)
    while (depth <= cap) {
      if (place.kind === 'live') return depth + liveDepth(place.type, cap)
      if (place.kind !== 'new') return depth
      if (contentType(place.item) instanceof Y.XmlElement) depth++
      place = this.of(place.item)
    }
    return depth
  }

  private step(item: Y.Item): Step {
    const left = item.origin ? this.find(item.origin) : null
    if (item.origin && !left) return { place: pending(item.origin.client) }
    const right = item.rightOrigin ? this.find(item.rightOrigin) : null
    if (item.rightOrigin && !right) return { place: pending(item.rightOrigin.client) }
    if (left instanceof Y.GC || right instanceof Y.GC) return { place: GONE }
    const neighbour = left ?? right
    if (neighbour instanceof Y.Item) return this.isLive(neighbour) ? { place: livePlace(neighbour) } : { next: neighbour }
    const parent = item.parent as Y.ID | string | null
    if (typeof parent === 'string') return { place: { kind: 'root', name: parent, sub: item.parentSub } }
    if (parent === null) return { place: pending(-1) }
    const holder = this.find(parent)
    if (!holder) return { place: pending(parent.client) }
    if (holder instanceof Y.GC || !(holder.content instanceof Y.ContentType)) return { place: GONE }
    if (this.isLive(holder)) return { place: { kind: 'live', type: holder.content.type, sub: item.parentSub } }
    return { place: { kind: 'new', item: holder, sub: item.parentSub } }
  }

  private isLive(struct: Y.Item | Y.GC): boolean {
    return struct.id.clock < Y.getState(this.doc.store, struct.id.client)
  }

  /** The struct holding `id`: the document's (already integrated) or else the update's, if it can integrate now. */
  private find(id: Y.ID): Found {
    if (id.clock < Y.getState(this.doc.store, id.client)) {
      const structs = this.doc.store.clients.get(id.client)!
      return structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC
    }
    // Past a gap in its client's clocks: it waits, and so does whatever refers to it.
    if (id.clock >= (this.reach.get(id.client) ?? 0)) return null
    const list = this.byClient.get(id.client)
    if (!list) return null
    let low = 0
    let high = list.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const struct = list[mid]
      if (id.clock < struct.id.clock) high = mid - 1
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1
      else return struct instanceof Y.Skip ? null : struct
    }
    return null
  }
}

function livePlace(item: Y.Item): Place {
  const parent = item.parent as Y.AbstractType<any> | null
  return parent ? { kind: 'live', type: parent, sub: item.parentSub } : GONE
}

function contentType(item: Y.Item): Y.AbstractType<any> | null {
  return item.content instanceof Y.ContentType ? item.content.type : null
}

/** Elements from `type` up to the root (the type itself included), counted up to `cap` + 1. */
function liveDepth(type: Y.AbstractType<any>, cap: number): number {
  let depth = 0
  for (let at: Y.AbstractType<any> | null = type; at && at._item && depth <= cap; at = at._item.parent as Y.AbstractType<any> | null) {
    if (at instanceof Y.XmlElement) depth++
  }
  return depth
}
