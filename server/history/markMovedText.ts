import type * as Y from 'yjs'
import type { AnnotatedNode, ElementNode, TextPiece } from './annotateDocument.ts'
import type { CarriedText } from './CarriedText.ts'
import { addDeletion, deletionContains, type DeletionRanges } from './deletionRanges.ts'
import { visibleAt } from './snapshotSegments.ts'

function textPieces(nodes: AnnotatedNode[], into: TextPiece[] = []): TextPiece[] {
  for (const node of nodes) {
    if (node.kind === 'text') into.push(node)
    else textPieces(node.children, into)
  }
  return into
}

/**
 * Marks an added or removed element whose text all lives on elsewhere (or that holds none),
 * and a kept one that took in text moved from another block (a join).
 */
function markRestructured(nodes: AnnotatedNode[]): void {
  for (const node of nodes) {
    if (node.kind !== 'element') continue
    markRestructured(node.children)
    if (node.before && node.after) {
      // A kept block that took in text moved from another one (a join) was restructured too.
      const own = node.children.filter((c): c is TextPiece => c.kind === 'text')
      const holds = (at: { client: number; clock: number }) => own.some((p) => p.client === at.client && at.clock >= p.clock && at.clock < p.clock + p.text.length)
      const received = own.find((p) => p.movedFrom !== undefined && !holds(p.movedFrom))
      if (received) node.receivedAt = { client: received.client, clock: received.clock }
      continue
    }
    if (!node.before && !node.after) continue
    const pieces = textPieces(node.children)
    const lives = (p: TextPiece) => (p.before && p.after) || p.movedFrom !== undefined || p.movedAway === true
    if (pieces.length > 0 && pieces.every(lives)) node.restructured = true
    else if (pieces.length === 0 && node.children.some((c) => (c as ElementNode).restructured)) node.restructured = true
  }
}

/**
 * Tells moves from changes in a comparison. Text a structural edit re-inserted (a split, a new
 * block type, a drag) whose original was on the older side is the same text, moved: it counts
 * as kept, not added, and its original as moved away, not removed. Elements added or removed
 * only to restructure such text are marked `restructured`. Call on annotateDocument's output
 * (with the timeline's cuts, so pieces never straddle two carries) before presenting it.
 */
export function markMovedText(nodes: AnnotatedNode[], carried: CarriedText, before: Y.Snapshot): void {
  if (carried.size === 0) return
  const pieces = textPieces(nodes)
  const livesOn: DeletionRanges = new Map()
  for (const piece of pieces) {
    if (!piece.after || piece.before) continue
    const original = carried.ancestors(piece).find((at) => visibleAt(before, at.client, at.clock))
    if (!original) continue
    piece.movedFrom = original
    piece.before = true
    addDeletion(livesOn, original.client, original.clock, piece.text.length)
  }
  for (const piece of pieces) {
    if (piece.before && !piece.after && deletionContains(livesOn, piece.client, piece.clock)) piece.movedAway = true
  }
  markRestructured(nodes)
}
