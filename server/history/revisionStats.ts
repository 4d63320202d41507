import type * as Y from 'yjs'
import type { RevisionStats } from '../../shared/historyTypes.ts'
import { annotateDocument, type AnnotatedNode, type TextPiece } from '../internals/annotateDocument.ts'
import { CarriedText } from './CarriedText.ts'
import { countChanges, countWords } from './diffWords.ts'
import { markMovedText } from './markMovedText.ts'

/**
 * Measures the page at `after` and its changes since `before`, from the document itself. Text
 * a structural edit carried is counted as kept (see markMovedText), so restructuring someone's
 * paragraph changes blocks, not words.
 */
export function revisionStats(doc: Y.Doc, before: Y.Snapshot, after: Y.Snapshot, carried = new CarriedText([])): RevisionStats {
  const stats: RevisionStats = { chars: 0, words: 0, charsAdded: 0, charsRemoved: 0, wordsAdded: 0, wordsRemoved: 0, blocksChanged: 0, charsFormatted: 0 }
  const measure = (text: TextPiece[]) => {
    const changes = countChanges(text)
    stats.charsAdded += changes.charsAdded
    stats.charsRemoved += changes.charsRemoved
    stats.wordsAdded += changes.wordsAdded
    stats.wordsRemoved += changes.wordsRemoved
    stats.charsFormatted += changes.charsFormatted
    const visible = text.filter((p) => p.after).map((p) => p.text).join('')
    stats.chars += visible.length
    stats.words += countWords(visible)
  }
  const walk = (nodes: AnnotatedNode[]) => {
    let text: TextPiece[] = []
    for (const node of nodes) {
      if (node.kind === 'text') {
        text.push(node)
        continue
      }
      if (text.length > 0) measure(text)
      text = []
      if (node.type !== 'hardBreak' && (node.before !== node.after || node.attrsChanged)) stats.blocksChanged += 1
      walk(node.children)
    }
    if (text.length > 0) measure(text)
  }
  const cuts = new Map<number, number[]>()
  carried.addCuts(cuts)
  const nodes = annotateDocument(doc, { before, after, cuts })
  markMovedText(nodes, carried, before)
  walk(nodes)
  return stats
}
