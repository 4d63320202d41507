import * as Y from 'yjs'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { CONTENT_LIMITS } from '../documents/contentLimits.ts'
import { visibleAt } from '../history/snapshotSegments.ts'

/** An attribute of a block the proposal changed (a heading's level…), the block itself kept. */
export interface AttributeChange {
  /** The Yjs id of the block's own item: the same on the page and on the branch. */
  element: { client: number; clock: number }
  nodeName: string
  key: string
  /** The value at the fork and now (undefined: not set). */
  before: unknown
  after: unknown
  /** The id of the map entry that holds the value now, or of the one that held it at the fork when the proposal removed it. */
  client: number
  clock: number
  /** The block's text now, to say which block it is. */
  text: string
}

/**
 * The attributes a proposal changed on blocks that are part of both the page at the fork and the
 * proposal now, in document order. A map entry's value lives in its newest item (`_map`), the
 * older ones chained to its left; the value at the fork is the one of those items visible then.
 * Walks Yjs items directly, like walkBranch.
 */
export function branchAttributeChanges(doc: Y.Doc, fork: Y.Snapshot): AttributeChange[] {
  const now = Y.snapshot(doc)
  const changes: AttributeChange[] = []
  const walk = (parent: Y.AbstractType<any>, depth: number) => {
    for (let item = parent._start; item !== null; item = item.right) {
      if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.XmlElement) || depth >= CONTENT_LIMITS.maxDepth) continue
      const { client, clock } = item.id
      if (!visibleAt(fork, client, clock) || !visibleAt(now, client, clock)) continue
      const element = item.content.type
      for (const [key, newest] of element._map) {
        const current = valueAt(newest, now)
        const atFork = valueAt(newest, fork)
        if (current.item === atFork.item || sameValue(current.value, atFork.value)) continue
        const holder = (current.item ?? atFork.item)!
        changes.push({
          element: { client, clock }, nodeName: element.nodeName, key, before: atFork.value, after: current.value,
          client: holder.id.client, clock: holder.id.clock, text: blockText(element),
        })
      }
      walk(element, depth + 1)
    }
  }
  walk(doc.getXmlFragment(CONTENT_FIELD), 0)
  return changes
}

/** A map entry's item and value as of a snapshot (no item: the key was not set then). */
function valueAt(newest: Y.Item, snapshot: Y.Snapshot): { item: Y.Item | null; value: unknown } {
  for (let item: Y.Item | null = newest; item !== null; item = item.left) {
    if (visibleAt(snapshot, item.id.client, item.id.clock)) return { item, value: item.content.getContent().at(-1) }
  }
  return { item: null, value: undefined }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function blockText(element: Y.XmlElement): string {
  return element.toArray().map((child) => (child instanceof Y.XmlText ? child.toString().replace(/<[^>]+>/gu, '') : '')).join('')
}

/** The block whose own item has this id, or null (it is not in the document). */
export function findElement(doc: Y.Doc, id: { client: number; clock: number }): Y.XmlElement | null {
  const search = (parent: Y.AbstractType<any>, depth: number): Y.XmlElement | null => {
    for (let item = parent._start; item !== null; item = item.right) {
      if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.XmlElement) || depth >= CONTENT_LIMITS.maxDepth) continue
      if (item.id.client === id.client && item.id.clock === id.clock) return item.content.type
      const found = search(item.content.type, depth + 1)
      if (found) return found
    }
    return null
  }
  return search(doc.getXmlFragment(CONTENT_FIELD), 0)
}
