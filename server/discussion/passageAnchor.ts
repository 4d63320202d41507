import * as Y from 'yjs'

/** A passage of a page's document: where it starts and where it ends, as Yjs relative positions. */
export interface PassageAnchor {
  start: Y.RelativePosition
  end: Y.RelativePosition
}

/** The longest quote a thread keeps (a passage may be longer; the quote is for showing it). */
export const MAX_QUOTE_LENGTH = 1000

/** The text blocks of a document in reading order (each a Y.XmlText of the `default` fragment). */
function textBlocks(doc: Y.Doc): Y.XmlText[] {
  const blocks: Y.XmlText[] = []
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) blocks.push(child)
      else if (child instanceof Y.XmlElement) walk(child)
    }
  }
  walk(doc.getXmlFragment('default'))
  return blocks
}

/** The plain text of a text block (embeds left out). */
function blockText(block: Y.XmlText): string {
  let text = ''
  for (const op of block.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') text += op.insert
  return text
}

/**
 * Anchors a passage to the first occurrence of `quote` inside one text block: the start sticks
 * to its first character, the end to its last one, so words typed just before or after the
 * passage stay outside it and words typed inside it join it. Null when the text is not there.
 */
export function anchorQuote(doc: Y.Doc, quote: string): PassageAnchor | null {
  for (const block of textBlocks(doc)) {
    const index = blockText(block).indexOf(quote)
    if (index < 0) continue
    return {
      start: Y.createRelativePositionFromTypeIndex(block, index, 0),
      end: Y.createRelativePositionFromTypeIndex(block, index + quote.length, -1),
    }
  }
  return null
}

/**
 * The text a passage covers now, blocks joined by a line break; '' when every word of it is
 * gone (deleted, or its block deleted): the thread is then on removed text.
 */
export function passageText(doc: Y.Doc, anchor: PassageAnchor): string {
  const start = Y.createAbsolutePositionFromRelativePosition(anchor.start, doc)
  const end = Y.createAbsolutePositionFromRelativePosition(anchor.end, doc)
  if (!start || !end || !(start.type instanceof Y.XmlText) || !(end.type instanceof Y.XmlText)) return ''
  const blocks = textBlocks(doc)
  const first = blocks.indexOf(start.type)
  const last = blocks.indexOf(end.type)
  if (first < 0 || last < first) return ''
  if (first === last) return start.index < end.index ? blockText(start.type).slice(start.index, end.index) : ''
  const parts = [blockText(start.type).slice(start.index)]
  for (let i = first + 1; i < last; i += 1) parts.push(blockText(blocks[i]!))
  parts.push(blockText(end.type).slice(0, end.index))
  return parts.join('\n')
}

/** Encodes an anchor for storage. */
export function encodeAnchor(anchor: PassageAnchor): { start: Uint8Array; end: Uint8Array } {
  return { start: Y.encodeRelativePosition(anchor.start), end: Y.encodeRelativePosition(anchor.end) }
}

/** Decodes a stored or sent anchor; null when the bytes are not relative positions. */
export function decodeAnchor(start: Uint8Array, end: Uint8Array): PassageAnchor | null {
  try {
    return { start: Y.decodeRelativePosition(start), end: Y.decodeRelativePosition(end) }
  } catch {
    return null
  }
}
