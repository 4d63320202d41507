import * as Y from 'yjs'
import type { Patch, Trace } from './loadTrace.ts'

/**
 * Traces are plain text with newlines; on a page they live in one code block (TipTap's
 * `codeBlock` node of the shared schema), so every trace position maps to one Y.XmlText.
 */
export function textBlock(doc: Y.Doc): Y.XmlText | null {
  const block = doc.getXmlFragment('default').get(0)
  const text = block instanceof Y.XmlElement ? block.get(0) : null
  return text instanceof Y.XmlText ? text : null
}

/** Creates the page's code block (in one transaction) when the page has none yet. */
export function ensureTextBlock(doc: Y.Doc): Y.XmlText {
  const existing = textBlock(doc)
  if (existing) return existing
  const block = new Y.XmlElement('codeBlock')
  const text = new Y.XmlText()
  block.insert(0, [text])
  doc.getXmlFragment('default').insert(0, [block])
  return text
}

/**
 * Applies one trace edit. Replayed by many editors at once, positions are clamped to the
 * text as this replica sees it, and a delete on an empty text becomes an insert.
 */
export function applyPatch(text: Y.XmlText, [pos, del, ins]: Patch): void {
  const length = text.length
  const at = Math.min(pos, length)
  const deleting = Math.min(del, length - at)
  if (deleting === 0 && ins.length === 0) {
    text.insert(at, ' ')
    return
  }
  if (deleting > 0) text.delete(at, deleting)
  if (ins.length > 0) text.insert(at, ins)
}

/** Throws unless a full replay of the sequential trace gave its final text (a check of the replay itself). */
export function checkFinalText(trace: Trace, text: Y.XmlText): void {
  const result = text.toString()
  const expected = trace.endContent
  if (expected !== null ? result !== expected : result.length !== trace.endLength) {
    throw new Error(`replaying ${trace.name} gave ${result.length} characters, not the ${expected?.length ?? trace.endLength} it should`)
  }
}
