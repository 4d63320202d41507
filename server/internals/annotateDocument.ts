import * as Y from 'yjs'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { CONTENT_LIMITS } from '../documents/contentLimits.ts'
import type { YjsPosition } from '../history/YjsPosition.ts'
import { segmentStarts, visibleAt } from '../history/snapshotSegments.ts'

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
  /** Visible on both sides with other formatting before: the marker that made the difference. */
  formatChange?: { at: YjsPosition; removed: boolean }
  /** Re-inserted by a structural edit from text visible in the older snapshot: the same text, moved. */
  movedFrom?: YjsPosition
  /** Removed from here but carried elsewhere by a structural edit: not a removal of words. */
  movedAway?: boolean
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
  /** Visible on both sides with other attributes before (a heading's level): who set one of them. */
  attrsChanged?: YjsPosition
  /** Added or removed only to restructure text that lives on (see markMovedText). */
  restructured?: boolean
  /** Kept, but received text moved from elsewhere (a join): a piece of it, made by the restructurer. */
  receivedAt?: YjsPosition
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
      const element: ElementNode = { kind: 'element', type: type.nodeName, attrs, client, clock, before, after, children: readChildren(type, options, depth + 1) }
      if (options.before && before && after) {
        const old = Y.typeMapGetAllSnapshot(type, options.before)
        const key = [...new Set([...Object.keys(attrs), ...Object.keys(old)])].find((k) => JSON.stringify(attrs[k]) !== JSON.stringify(old[k]))
        const setter = key === undefined ? undefined : type._map.get(key)
        if (setter) element.attrsChanged = { client: setter.id.client, clock: setter.id.clock }
      }
      nodes.push(element)
    }
  }
  return nodes
}

/** A formatting attribute in force, with the marker that set it. */
interface Format {
  value: unknown
  at: YjsPosition
}

function readText(text: Y.XmlText, options: AnnotateOptions): TextPiece[] {
  const pieces: TextPiece[] = []
  const formatBefore = new Map<string, Format>()
  const formatAfter = new Map<string, Format>()
  const snapshots = options.before ? [options.after, options.before] : [options.after]
  for (let item = text._start; item !== null; item = item.right) {
    const { client, clock } = item.id
    const content = item.content
    if (content instanceof Y.ContentFormat) {
      // Formatting is a pair of markers around the text; a marker counts where it is visible.
      if (options.before && visibleAt(options.before, client, clock)) setFormat(formatBefore, content, item.id)
      if (visibleAt(options.after, client, clock)) setFormat(formatAfter, content, item.id)
      continue
    }
    if (!(content instanceof Y.ContentString)) continue
    const starts = segmentStarts(client, clock, clock + item.length, snapshots, options.cuts?.get(client))
    starts.forEach((start, i) => {
      const end = starts[i + 1] ?? clock + item.length
      const after = visibleAt(options.after, client, start)
      const before = options.before ? visibleAt(options.before, client, start) : after
      if (!before && !after) return
      const format = valuesOf(after ? formatAfter : formatBefore)
      const piece: TextPiece = { kind: 'text', text: content.str.slice(start - clock, end - clock), client, clock: start, before, after, format }
      if (options.before && before && after) {
        const change = formatDifference(formatBefore, formatAfter, options.before)
        if (change) piece.formatChange = change
      }
      pieces.push(piece)
    })
  }
  return pieces
}

function setFormat(format: Map<string, Format>, content: Y.ContentFormat, at: Y.ID): void {
  // A null value ends the attribute; its marker is kept to tell who ended it.
  format.set(content.key, { value: content.value, at: { client: at.client, clock: at.clock } })
}

function valuesOf(format: Map<string, Format>): FormatAttributes {
  const values: FormatAttributes = {}
  for (const [key, { value }] of format) if (value !== null) values[key] = value
  return values
}

/**
 * Whether formatting in force differs between the two sides, and the marker behind the
 * difference: one that only the newer side sees (someone formatted), else one that only the
 * older side saw (someone removed it, e.g. with the text around it).
 */
function formatDifference(before: Map<string, Format>, after: Map<string, Format>, older: Y.Snapshot): TextPiece['formatChange'] | undefined {
  let removed: YjsPosition | undefined
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key)
    const now = after.get(key)
    if (JSON.stringify(was?.value ?? null) === JSON.stringify(now?.value ?? null)) continue
    if (now && !visibleAt(older, now.at.client, now.at.clock)) return { at: now.at, removed: false }
    removed ??= was?.at ?? now?.at
  }
  return removed ? { at: removed, removed: true } : undefined
}
