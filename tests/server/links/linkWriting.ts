import * as Y from 'yjs'
import type { TestProvider } from '../../support/providers.ts'

/** A piece of a paragraph: plain text, or a wiki link to `target` showing `label` (default: the target). */
export type Piece = string | { target: string; label?: string }

/**
 * Appends a paragraph to a page the way the editor writes one: text in a Y.XmlText, a wiki
 * link as the `wikiLink` mark (a formatting attribute holding its `target`).
 */
export function appendLinkedParagraph(doc: Y.Doc, pieces: Piece[]): void {
  const fragment = doc.getXmlFragment('default')
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    fragment.insert(fragment.length, [paragraph])
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    for (const piece of pieces) {
      if (typeof piece === 'string') text.insert(text.length, piece, {})
      else text.insert(text.length, piece.label ?? piece.target, { wikiLink: { target: piece.target } })
    }
  })
}

/** Types `typed` one character at a time at the end of the page's last paragraph. */
export function typeAtEnd(doc: Y.Doc, typed: string): void {
  const fragment = doc.getXmlFragment('default')
  const paragraph = fragment.get(fragment.length - 1) as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  for (const char of typed) text.insert(text.length, char, {})
}

/** Turns the first occurrence of `label` in the page's paragraphs into a wiki link, as `[[...]]` input does. */
export function linkText(doc: Y.Doc, label: string, target = label): void {
  for (const node of doc.getXmlFragment('default').toArray()) {
    const text = node instanceof Y.XmlElement ? node.get(0) : null
    if (!(text instanceof Y.XmlText)) continue
    const at = text.toString().replace(/<[^>]+>/gu, '').indexOf(label)
    if (at >= 0) {
      text.format(at, label.length, { wikiLink: { target } })
      return
    }
  }
  throw new Error(`"${label}" is not on the page`)
}

/** Removes every paragraph of the page. */
export function clearPage(doc: Y.Doc): void {
  const fragment = doc.getXmlFragment('default')
  fragment.delete(0, fragment.length)
}

/** Collects the stateless messages the server sends to a provider, parsed. */
export function collectNotices(connection: TestProvider): { type: string; pageId: string }[] {
  const notices: { type: string; pageId: string }[] = []
  connection.provider.on('stateless', ({ payload }: { payload: string }) => {
    try {
      notices.push(JSON.parse(payload))
    } catch { /* not ours */ }
  })
  return notices
}
