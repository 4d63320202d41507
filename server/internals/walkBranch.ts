import * as Y from 'yjs'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { CONTENT_LIMITS } from '../documents/contentLimits.ts'
import { segmentStarts, visibleAt } from '../history/snapshotSegments.ts'
import type { ItemRanges } from './updateWithDeletions.ts'

/** A run of items of one client, in document order, with its visibility at the fork and now. */
export interface BranchToken {
  kind: 'text' | 'format' | 'element'
  /** The characters (text), '' for a formatting marker, the node name for an element. */
  text: string
  client: number
  clock: number
  length: number
  /** Part of the page when the proposal was forked. */
  atFork: boolean
  /** Part of the proposal now. */
  now: boolean
  /** An element's own item and everything under it (its text, attributes, children): kept whole when its removal is rejected. */
  subtree?: ItemRanges
  /** Ends an element: a word and a change never run across it. */
  end?: boolean
}

/**
 * Reads a proposal's branch (a gc-disabled document) in document order: every run of text,
 * formatting marker and element visible at the fork or now, with the ids of its items. Walks
 * Yjs items directly (`_start`, `right`, `_map`, content classes), as annotateDocument does,
 * so that deleted items keep their place in the order.
 */
export function walkBranch(doc: Y.Doc, fork: Y.Snapshot): BranchToken[] {
  const now = Y.snapshot(doc)
  const tokens: BranchToken[] = []
  walkChildren(doc.getXmlFragment(CONTENT_FIELD), fork, now, tokens, 0)
  return tokens
}

function walkChildren(parent: Y.AbstractType<any>, fork: Y.Snapshot, now: Y.Snapshot, tokens: BranchToken[], depth: number): void {
  for (let item = parent._start; item !== null; item = item.right) {
    const { client, clock } = item.id
    const content = item.content
    if (content instanceof Y.ContentType) {
      const atFork = visibleAt(fork, client, clock)
      const visible = visibleAt(now, client, clock)
      if (!atFork && !visible) continue
      const type = content.type
      if (type instanceof Y.XmlText) {
        walkChildren(type, fork, now, tokens, depth + 1)
      } else if (type instanceof Y.XmlElement && depth < CONTENT_LIMITS.maxDepth) {
        tokens.push({ kind: 'element', text: type.nodeName, client, clock, length: 1, atFork, now: visible, subtree: subtreeOf(item, fork) })
        walkChildren(type, fork, now, tokens, depth + 1)
        tokens.push({ kind: 'element', text: type.nodeName, client, clock, length: 0, atFork, now: visible, end: true })
      }
      continue
    }
    if (content instanceof Y.ContentFormat) {
      const atFork = visibleAt(fork, client, clock)
      const visible = visibleAt(now, client, clock)
      if (atFork || visible) tokens.push({ kind: 'format', text: '', client, clock, length: 1, atFork, now: visible })
      continue
    }
    if (!(content instanceof Y.ContentString)) continue
    const end = clock + item.length
    const starts = segmentStarts(client, clock, end, [fork, now])
    starts.forEach((start, i) => {
      const stop = starts[i + 1] ?? end
      const atFork = visibleAt(fork, client, start)
      const visible = visibleAt(now, client, start)
      if (!atFork && !visible) return
      tokens.push({ kind: 'text', text: content.str.slice(start - clock, stop - clock), client, clock: start, length: stop - start, atFork, now: visible })
    })
  }
}

/**
 * The ids of an item and of every item under it (list children and map entries), recursively,
 * that were part of the page at the fork: what keeping the element as it was must not delete.
 */
function subtreeOf(item: Y.Item, fork: Y.Snapshot): ItemRanges {
  const ranges: ItemRanges = new Map()
  const add = (it: Y.Item) => {
    const { client, clock } = it.id
    const starts = segmentStarts(client, clock, clock + it.length, [fork])
    for (const [i, start] of starts.entries()) {
      const stop = starts[i + 1] ?? clock + it.length
      if (!visibleAt(fork, client, start)) continue
      const list = ranges.get(client) ?? []
      list.push([start, stop - start])
      ranges.set(client, list)
    }
    if (it.content instanceof Y.ContentType) {
      const type = it.content.type
      for (let child = type._start; child !== null; child = child.right) add(child)
      for (const entry of type._map.values()) {
        for (let e: Y.Item | null = entry; e !== null; e = e.left) add(e)
      }
    }
  }
  add(item)
  return ranges
}
