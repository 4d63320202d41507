import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { findUnreadableItems } from '../../../server/internals/findUnreadableItems.ts'
import { nodeText, pageNode } from '../../../server/documents/pageNode.ts'
import { repairDocument } from '../../../server/documents/repairDocument.ts'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { deepNesting, topLevelText, unknownAttribute, unknownMark } from '../../support/hostileUpdates.ts'
import { appendParagraph } from '../../support/providers.ts'

/** A page that holds every kind of unreadable content, as pages stored before the update check could. */
function poisonedPage(): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  appendParagraph(doc, "the owner's text")
  appendParagraph(doc, 'second paragraph')
  doc.transact(() => {
    unknownMark(doc)
    unknownAttribute(doc)
    deepNesting(doc, 3000)
    topLevelText(doc)
    doc.getXmlFragment('default').insert(0, [new Y.XmlElement('script')])
    doc.getMap('elsewhere').set('x', 1)
  })
  return doc
}

/** Everything that says whether a document changed: state vector, delete set, and its whole encoding. */
function fingerprint(doc: Y.Doc) {
  return {
    stateVector: Y.encodeStateVector(doc),
    deleteSet: Y.encodeSnapshot(Y.snapshot(doc)),
    state: Y.encodeStateAsUpdate(doc),
  }
}

describe('reading a page on the server', () => {
  it('never changes the live document, even one full of unreadable content', () => {
    const doc = poisonedPage()
    const before = fingerprint(doc)
    const node = pageNode(doc)
    expect(nodeText(node)).toBe("the owner's text\n\nsecond paragraph")
    expect(fingerprint(doc)).toEqual(before)
  })

  it('where y-prosemirror’s own reader deletes what it cannot read from the document it reads', () => {
    const doc = poisonedPage()
    const before = fingerprint(doc)
    try {
      yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), documentSchema())
    } catch {
      // The top-level text makes it throw, after it has deleted the other parts.
    }
    expect(fingerprint(doc).deleteSet).not.toEqual(before.deleteSet)
  })

  it('repair sets aside exactly the unreadable parts and keeps the owner’s text, in one transaction', () => {
    const doc = poisonedPage()
    const found = findUnreadableItems(doc).length
    // The unknown mark's two format markers (start and end), the unknown attribute, the
    // too-deep branch, the top-level text, the script element, the other root's entry.
    expect(found).toBe(7)
    const transactions: Y.Transaction[] = []
    doc.on('afterTransaction', (t: Y.Transaction) => transactions.push(t))
    expect(repairDocument(doc)).toBe(7)
    expect(transactions).toHaveLength(1)
    expect(findUnreadableItems(doc)).toEqual([])
    expect(y(doc)).toContain("<paragraph>the owner's text</paragraph>")
    expect(nodeText(pageNode(doc))).toBe("the owner's text\n\nsecond paragraph")
  })
})

function y(doc: Y.Doc): string {
  return doc.getXmlFragment('default').toJSON()
}
