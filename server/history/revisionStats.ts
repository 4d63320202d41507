import type * as Y from 'yjs'
import { annotateDocument, type AnnotatedNode, type TextPiece } from '../internals/annotateDocument.ts'
import { countChanges, countWords } from './diffWords.ts'

/** The size of a page at a revision and what changed since the one before. */
export interface RevisionStats {
  chars: number
  words: number
  charsAdded: number
  charsRemoved: number
  wordsAdded: number
  wordsRemoved: number
}

/** Measures the page at `after` and its changes since `before`, from the document itself. */
export function revisionStats(doc: Y.Doc, before: Y.Snapshot, after: Y.Snapshot): RevisionStats {
  const stats: RevisionStats = { chars: 0, words: 0, charsAdded: 0, charsRemoved: 0, wordsAdded: 0, wordsRemoved: 0 }
  const measure = (text: TextPiece[]) => {
    const changes = countChanges(text)
    stats.charsAdded += changes.charsAdded
    stats.charsRemoved += changes.charsRemoved
    stats.wordsAdded += changes.wordsAdded
    stats.wordsRemoved += changes.wordsRemoved
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
      walk(node.children)
    }
    if (text.length > 0) measure(text)
  }
  walk(annotateDocument(doc, { before, after }))
  return stats
}
