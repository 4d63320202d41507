import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { syncMessage } from './hocuspocusMessages.ts'

/** A Hocuspocus sync message carrying `payload` as a Yjs update for `documentName`. */
export function updateMessage(documentName: string, payload: Uint8Array): Uint8Array {
  return syncMessage(documentName, 2, payload)
}

/** What an edit on a copy of `base` adds to it: the update a client holding `base` would send. */
export function editOf(base: Y.Doc, edit: (doc: Y.Doc) => void, clientId?: number): Uint8Array {
  const doc = new Y.Doc({ gc: false })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  if (clientId !== undefined) doc.clientID = clientId
  const before = Y.encodeStateVector(doc)
  doc.transact(() => edit(doc))
  return Y.encodeStateAsUpdate(doc, before)
}

/** The first paragraph's text (created by the test's owner). */
export function firstTextOf(doc: Y.Doc): Y.XmlText {
  return (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
}

/** Attack (a): text directly at the top level of the page. */
export function topLevelText(doc: Y.Doc): void {
  doc.getXmlFragment('default').insert(0, [new Y.XmlText('blank the page')])
}

/** Attack (b): one character formatted with a mark the schema does not have. */
export function unknownMark(doc: Y.Doc, name = 'comment'): void {
  firstTextOf(doc).format(0, 1, { [name]: {} })
}

/** An attribute the paragraph node does not have. */
export function unknownAttribute(doc: Y.Doc, key = 'onclick'): void {
  (doc.getXmlFragment('default').get(0) as Y.XmlElement).setAttribute(key, 'alert(1)')
}

/** Attack (c): `depth` blockquotes nested in one another, with a paragraph at the bottom. */
export function deepNesting(doc: Y.Doc, depth: number): void {
  let parent = new Y.XmlElement('blockquote')
  doc.getXmlFragment('default').insert(0, [parent])
  for (let i = 1; i < depth; i++) {
    const child = new Y.XmlElement('blockquote')
    parent.insert(0, [child])
    parent = child
  }
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText('deep')])
  parent.insert(0, [paragraph])
}

/** One update written by `count` different Yjs client ids, each adding a character to the owner's text. */
export function clientIdFlood(base: Y.Doc, count: number, firstId = 1_000_000): Uint8Array {
  const updates: Uint8Array[] = []
  const doc = new Y.Doc({ gc: false })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  for (let i = 0; i < count; i++) {
    doc.clientID = firstId + i
    firstTextOf(doc).insert(0, 'x')
  }
  updates.push(Y.encodeStateAsUpdate(doc, before))
  return Y.mergeUpdates(updates)
}

/** An update of one garbage struct `length` long: a few bytes that would push a clock far ahead. */
export function hugeLength(clientId: number, length: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // clients
  encoding.writeVarUint(encoder, 1) // structs of the client
  encoding.writeVarUint(encoder, clientId)
  encoding.writeVarUint(encoder, 0) // first clock
  encoding.writeUint8(encoder, 0) // a GC struct
  encoding.writeVarUint(encoder, length)
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}
