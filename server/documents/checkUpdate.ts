import * as Y from 'yjs'
import { documentRules, type DocumentRules, type NodeRule } from '../../shared/editor/documentRules.ts'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { CONTENT_LIMITS, type ContentLimits } from './contentLimits.ts'
import { formatProblem } from './formatProblem.ts'
import { ItemPlaces, type Place } from '../internals/ItemPlaces.ts'

/** A decoded update: its structs and the deletions it makes (as `Y.decodeUpdate` returns them). */
export interface DecodedUpdate {
  update: Uint8Array
  structs: (Y.Item | Y.GC | Y.Skip)[]
  deleteSet: Map<number, { clock: number; len: number }[]>
}

/** The kind of type an item lands in. */
type Container = { kind: 'node'; rule: NodeRule; name: string; root: boolean } | { kind: 'text' } | { kind: 'other'; what: string }

function containerOf(place: Exclude<Place, { kind: 'gone' | 'pending' }>, doc: Y.Doc, rules: DocumentRules): Container {
  const type = place.kind === 'root' ? null : place.kind === 'live' ? place.type : (place.item.content as Y.ContentType).type
  // A live type without an item is a root type; a new one has none yet because it is not integrated.
  if (place.kind === 'root' || (place.kind === 'live' && type!._item === null)) {
    const name = place.kind === 'root' ? place.name : [...doc.share].find(([, t]) => t === type)?.[0] ?? '?'
    return name === CONTENT_FIELD ? { kind: 'node', rule: rules.root, name: 'the page root', root: true } : { kind: 'other', what: `the root type "${name}"` }
  }
  if (type instanceof Y.XmlText) return { kind: 'text' }
  if (type instanceof Y.XmlElement) {
    const rule = rules.nodes.get(type.nodeName)
    return rule ? { kind: 'node', rule, name: type.nodeName, root: false } : { kind: 'other', what: `an unknown element "${type.nodeName}"` }
  }
  return { kind: 'other', what: `a ${type?.constructor.name ?? 'missing'} type` }
}

function checkItem(item: Y.Item, places: ItemPlaces, doc: Y.Doc, rules: DocumentRules, limits: ContentLimits, writers: ReadonlyMap<number, number>): string | null {
  const place = places.of(item)
  if (place.kind === 'pending') {
    // It waits for content of a client id this update (or the pending structs) writes: checked when that arrives.
    return writers.has(place.client) ? null : `item ${item.id.client}:${item.id.clock} refers to content the page does not have`
  }
  if (place.kind === 'gone') return null
  const content = item.content
  const what = content.constructor.name
  const container = containerOf(place, doc, rules)
  if (container.kind === 'other') return `writes ${what} into ${container.what}`
  if (container.kind === 'text') {
    if (place.sub !== null) return `sets an attribute "${place.sub}" on a text`
    if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) return null
    if (content instanceof Y.ContentFormat) return formatProblem(content, rules)
    return `puts ${what} into a text`
  }
  const { rule, name } = container
  if (place.sub !== null) {
    if (container.root || !rule.attrs.has(place.sub)) return `sets an unknown attribute "${place.sub}" on ${name}`
    if (content instanceof Y.ContentDeleted) return null
    if (!(content instanceof Y.ContentAny)) return `sets the attribute "${place.sub}" of ${name} to ${what}`
    return attributeProblem(rule, name, place.sub, content.arr)
  }
  if (content instanceof Y.ContentDeleted) return null
  if (!(content instanceof Y.ContentType)) return `puts ${what} into ${name}`
  const type = content.type
  if (type instanceof Y.XmlText) return rule.text ? null : `puts text where ${name} allows none`
  if (!(type instanceof Y.XmlElement)) return `puts a ${type.constructor.name} into ${name}`
  if (!rule.children.has(type.nodeName)) {
    return rules.nodes.has(type.nodeName) ? `puts a "${type.nodeName}" element into ${name}, which does not allow it` : `writes an unknown element "${type.nodeName}"`
  }
  if (places.depthOf(item, limits.maxDepth) > limits.maxDepth) return `nests elements deeper than ${limits.maxDepth}`
  return null
}

/** Why values written to an attribute are not ones it may hold (the schema's `validate`), or null. */
function attributeProblem(rule: NodeRule, name: string, key: string, values: unknown[]): string | null {
  const validate = rule.validators.get(key)
  if (!validate) return null
  for (const value of values) {
    try {
      validate(value)
    } catch {
      return `sets the attribute "${key}" of ${name} to a value it may not hold`
    }
  }
  return null
}

/** Everything that integrates when `update` is applied: it, together with what the page already holds pending. */
function integrating(update: DecodedUpdate, doc: Y.Doc, writers: ReadonlySet<number>): DecodedUpdate['structs'] {
  const pending = doc.store.pendingStructs
  // Yjs retries its pending structs only once a client they wait for writes again; other
  // updates (every honest keystroke while someone's edits wait) need not merge them.
  if (!pending || ![...pending.missing.keys()].some((client) => writers.has(client))) return update.structs
  // Yjs keeps pending structs in its v2 encoding.
  return Y.decodeUpdateV2(Y.mergeUpdatesV2([pending.update, Y.convertUpdateFormatV1ToV2(update.update)])).structs as DecodedUpdate['structs']
}

/** Per client, the clock up to which the document and `structs` hold every struct without a gap. */
function contiguousReach(structs: DecodedUpdate['structs'], doc: Y.Doc): Map<number, number> {
  const reach = new Map<number, number>()
  const sorted = structs.filter((s) => !(s instanceof Y.Skip)).sort((a, b) => a.id.clock - b.id.clock)
  const stopped = new Set<number>()
  for (const struct of sorted) {
    const { client, clock } = struct.id
    if (stopped.has(client)) continue
    const known = reach.get(client) ?? Y.getState(doc.store, client)
    if (clock > known) stopped.add(client)
    else reach.set(client, Math.max(known, clock + struct.length))
    if (!reach.has(client)) reach.set(client, known)
  }
  return reach
}

/**
 * Checks an incoming update against the page schema before it is applied: every item that
 * will integrate must land where the schema allows it (known elements in allowed parents,
 * text only in nodes with inline content, only known attributes and marks, no other root
 * types or content kinds), within the depth, client id and size limits. Returns why it is
 * refused, or null. Reads the document, never changes it.
 *
 * Items that cannot integrate yet (Yjs keeps them pending) are checked when they can: the
 * check runs on the update merged with the page's pending structs. A client's own queued
 * edits, sent before its sync step 2 hands over the content they build on, are such items,
 * so they are accepted — but only when what they wait for is written by a client id of the
 * same update or of the pending structs: then only that client id's owner can complete them,
 * and the completing update meets this check. An item waiting on anyone else's content could
 * otherwise be completed, unchecked, by an innocent update.
 */
export function checkUpdate(
  update: DecodedUpdate, doc: Y.Doc, rules: DocumentRules = documentRules(), limits: ContentLimits = CONTENT_LIMITS,
  mayDeleteAhead: (client: number) => boolean = () => false,
): string | null {
  const clients = new Set<number>()
  let length = 0
  for (const struct of update.structs) {
    if (struct instanceof Y.Skip) continue
    clients.add(struct.id.client)
    length += struct.length
  }
  if (clients.size > limits.maxClientIds) return `writes with ${clients.size} client ids (at most ${limits.maxClientIds})`
  if (length > limits.maxLength) return `writes ${length} units (at most ${limits.maxLength})`
  const structs = integrating(update, doc, clients)
  const reach = contiguousReach(structs, doc)
  const written = new Map<number, number>()
  for (const struct of structs) {
    if (!(struct instanceof Y.Skip)) written.set(struct.id.client, Math.max(written.get(struct.id.client) ?? 0, struct.id.clock + struct.length))
  }
  for (const [client, ranges] of update.deleteSet) {
    // Deleting what nobody has written yet would delete it the moment its author writes it —
    // unless the author is the sender: its own offline edits may delete its own text before its
    // sync step 2 hands that text over (the insert went to a server that then died).
    if (mayDeleteAhead(client)) continue
    const known = Math.max(written.get(client) ?? 0, Y.getState(doc.store, client))
    if (ranges.some(({ clock, len }) => clock + len > known)) return `deletes items of client ${client} that the page does not have`
  }
  const places = new ItemPlaces(doc, structs, reach)
  let waits = false
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    const { client, clock } = struct.id
    // Already in the page: Yjs skips it.
    if (clock + struct.length <= Y.getState(doc.store, client)) continue
    // Past a gap in its own clocks: it waits, and is checked once the gap is filled.
    if (clock >= reach.get(client)!) { waits = true; continue }
    const problem = checkItem(struct, places, doc, rules, limits, written)
    if (problem) return problem
    waits ||= places.of(struct).kind === 'pending'
  }
  // What waits is kept in memory and stored with the page: bounded.
  const held = doc.store.pendingStructs?.update.byteLength ?? 0
  if (waits && held + update.update.byteLength > limits.maxPendingBytes) return `leaves more than ${limits.maxPendingBytes} bytes of content waiting for content the page does not have`
  return null
}
