import * as Y from 'yjs'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { CONTENT_LIMITS } from '../documents/contentLimits.ts'
import { segmentStarts, visibleAt } from './snapshotSegments.ts'

/** Formatting attributes of a run of text, as y-prosemirror stores marks (name → attrs). */
export type FormatAttributes = Record<string, unknown>

/** A run of characters written by one Yjs client, with the same visibility throughout. */
export interface TextPiece {
  kind: 'text'
  text: string
  client: number
  clock: number
  /** Visible in the older snapshot (without one, the same as `after`: nothing changed). */
  before: boolean
  /** Visible in the newer snapshot. */
  after: boolean
  format: FormatAttributes
}

/** An element (paragraph, heading, list, hard break…) with its children. */
export interface ElementNode {
  kind: 'element'
  type: string
  attrs: Record<string, unknown>
  client: number
  clock: number
  before: boolean
  after: boolean
  children: AnnotatedNode[]
}

export type AnnotatedNode = TextPiece | ElementNode

/** What to compare: the newer snapshot, optionally an older one, and extra clock cuts per client. */
export interface AnnotateOptions {
  after: Y.Snapshot
  before?: Y.Snapshot
  /** Sorted clocks per client where pieces must be split (revision boundaries, for blame). */
  cuts?: Map<number, number[]>
}

/**
 * Reads a page's gc-disabled document as it was at `after` (and, when given, at `before`):
 * every element and run of text visible in either snapshot, each with the Yjs client and
 * clock that wrote it. This is the common ground of revision diffs, blame and revision
 * statistics. It only reads the document; it never splits or changes items. Elements nested
 * past the depth limit (only pages stored before the update check can hold them) are left
 * out, so no reader of the result recurses without bound.
 */
export function annotateDocument(doc: Y.Doc, options: AnnotateOptions): AnnotatedNode[] {
  return readChildren(doc.getXmlFragment(CONTENT_FIELD), options, 0)
}

function readChildren(parent: Y.AbstractType<any>, options: AnnotateOptions, depth: number): AnnotatedNode[] {
  const nodes: AnnotatedNode[] = []
  for (let item = parent._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentType)) continue
    const { client, clock } = item.id
    const after = visibleAt(options.after, client, clock)
    const before = options.before ? visibleAt(options.before, client, clock) : after
    if (!before && !after) continue
    const type = item.content.type
    if (type instanceof Y.XmlText) {
      nodes.push(...readText(type, options))
    } else if (type instanceof Y.XmlElement && depth < CONTENT_LIMITS.maxDepth) {
      const attrs = Y.typeMapGetAllSnapshot(type, after ? options.after : options.before!)
      nodes.push({ kind: 'element', type: type.nodeName, attrs, client, clock, before, after, children: readChildren(type, options, depth + 1) })
    }
  }
  return nodes
}

function readText(text: Y.XmlText, options: AnnotateOptions): TextPiece[] {
  const pieces: TextPiece[] = []
  const formatBefore = new Map<string, unknown>()
  const formatAfter = new Map<string, unknown>()
  const snapshots = options.before ? [options.after, options.before] : [options.after]
  for (let item = text._start; item !== null; item = item.right) {
    const { client, clock } = item.id
    const content = item.content
    if (content instanceof Y.ContentFormat) {
      // Formatting is a pair of markers around the text; a marker counts where it is visible.
      if (options.before && visibleAt(options.before, client, clock)) setFormat(formatBefore, content)
      if (visibleAt(options.after, client, clock)) setFormat(formatAfter, content)
      continue
    }
    if (!(content instanceof Y.ContentString)) continue
    const starts = segmentStarts(client, clock, clock + item.length, snapshots, options.cuts?.get(client))
    starts.forEach((start, i) => {
      const end = starts[i + 1] ?? clock + item.length
      const after = visibleAt(options.after, client, start)
      const before = options.before ? visibleAt(options.before, client, start) : after
      if (!before && !after) return
      const format = Object.fromEntries(after ? formatAfter : formatBefore)
      pieces.push({ kind: 'text', text: content.str.slice(start - clock, end - clock), client, clock: start, before, after, format })
    })
  }
  return pieces
}

function setFormat(format: Map<string, unknown>, content: Y.ContentFormat): void {
  if (content.value === null) format.delete(content.key)
  else format.set(content.key, content.value)
}
