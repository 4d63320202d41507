import * as Y from 'yjs'

/** A piece of a paragraph: text, a citation of a source (or a note), or a citation-needed marker. */
export type CitedPiece = string | { sourceId?: string; locator?: string; quote?: string; note?: string } | 'needed'

/** Appends a paragraph the way the editor writes one: text in Y.XmlText, citations as `citation` elements. */
export function appendCitedParagraph(doc: Y.Doc, pieces: CitedPiece[]): void {
  const fragment = doc.getXmlFragment('default')
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    fragment.insert(fragment.length, [paragraph])
    for (const piece of pieces) {
      if (piece === 'needed') {
        paragraph.insert(paragraph.length, [new Y.XmlElement('citationNeeded')])
      } else if (typeof piece === 'string') {
        paragraph.insert(paragraph.length, [new Y.XmlText(piece)])
      } else {
        const citation = new Y.XmlElement('citation')
        paragraph.insert(paragraph.length, [citation])
        for (const [key, value] of Object.entries(piece)) citation.setAttribute(key, value as string)
      }
    }
  })
}
