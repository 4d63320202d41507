import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate } from '../../../server/documents/checkUpdate.ts'
import { CONTENT_LIMITS } from '../../../server/documents/contentLimits.ts'
import { appendParagraph } from '../../support/providers.ts'
import { editOf, firstTextOf, hugeLength } from '../../support/hostileUpdates.ts'

/** A page as the server holds it: one paragraph of the owner's. */
function livePage(): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  appendParagraph(doc, "the owner's text")
  return doc
}

function check(doc: Y.Doc, update: Uint8Array): string | null {
  const decoded = Y.decodeUpdate(update)
  return checkUpdate({ update, structs: decoded.structs as (Y.Item | Y.GC | Y.Skip)[], deleteSet: decoded.ds.clients }, doc)
}

describe('the schema check of an incoming update', () => {
  it('refuses other root types than the page content', () => {
    const doc = livePage()
    expect(check(doc, editOf(doc, (d) => d.getMap('settings').set('x', 1)))).toMatch(/root type "settings"/u)
    expect(check(doc, editOf(doc, (d) => d.getText('notes').insert(0, 'x')))).toMatch(/root type "notes"/u)
  })

  it('refuses content kinds y-prosemirror never writes: any, binary, embed, subdocument', () => {
    const doc = livePage()
    const fragment = (d: Y.Doc) => d.getXmlFragment('default') as unknown as Y.Array<unknown>
    expect(check(doc, editOf(doc, (d) => fragment(d).insert(0, [{ any: true }])))).toMatch(/ContentAny/u)
    expect(check(doc, editOf(doc, (d) => fragment(d).insert(0, [new Uint8Array([1, 2])])))).toMatch(/ContentBinary/u)
    expect(check(doc, editOf(doc, (d) => fragment(d).insert(0, [new Y.Doc()])))).toMatch(/ContentDoc/u)
    expect(check(doc, editOf(doc, (d) => firstTextOf(d).insertEmbed(0, { image: 'x' })))).toMatch(/ContentEmbed/u)
  })

  it('refuses a node where its parent does not allow it, and text where no inline content is allowed', () => {
    const doc = livePage()
    expect(check(doc, editOf(doc, (d) => (d.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, [new Y.XmlElement('paragraph')])))).toMatch(/into paragraph/u)
    expect(check(doc, editOf(doc, (d) => d.getXmlFragment('default').insert(0, [new Y.XmlElement('listItem')])))).toMatch(/listItem/u)
    const list = editOf(doc, (d) => d.getXmlFragment('default').insert(1, [new Y.XmlElement('bulletList')]))
    Y.applyUpdate(doc, list)
    expect(check(doc, editOf(doc, (d) => (d.getXmlFragment('default').get(1) as Y.XmlElement).insert(0, [new Y.XmlText('x')])))).toMatch(/bulletList allows none/u)
  })

  it('refuses an item that waits on content of a client id the update does not write (an innocent update would complete it unchecked)', () => {
    const doc = livePage()
    const other = new Y.Doc({ gc: false })
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    const unseen = editOf(other, (d) => firstTextOf(d).insert(0, 'unseen '), 41)
    Y.applyUpdate(other, unseen)
    // Written by another client id right after the unseen text, sent without it.
    const after = editOf(other, (d) => firstTextOf(d).insert(3, 'x'), 42)
    expect(check(doc, after)).toMatch(/refers to content the page does not have/u)
    expect(check(doc, Y.mergeUpdates([unseen, after]))).toBeNull()
  })

  it('lets a client’s own queued edit wait for its earlier content, and checks it when that content arrives', () => {
    const doc = livePage()
    const writer = new Y.Doc({ gc: false })
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
    const first = editOf(writer, (d) => firstTextOf(d).insert(0, 'a'), 77)
    Y.applyUpdate(writer, first)
    const second = editOf(writer, (d) => firstTextOf(d).insert(1, 'b'), 77)
    Y.applyUpdate(writer, second)
    // The second edit arrives first: it waits (Yjs keeps it pending), and the first completes it.
    expect(check(doc, second)).toBeNull()
    Y.applyUpdate(doc, second)
    expect(doc.store.pendingStructs).not.toBeNull()
    expect(check(doc, first)).toBeNull()
    Y.applyUpdate(doc, first)
    expect(firstTextOf(doc).toString()).toBe("ab" + "the owner's text")

    // The same order with an unreadable waiting edit: the update that would let it in is refused.
    const poisonFirst = editOf(doc, (d) => firstTextOf(d).insert(0, 'c'), 78)
    const attacker = new Y.Doc({ gc: false })
    Y.applyUpdate(attacker, Y.encodeStateAsUpdate(doc))
    Y.applyUpdate(attacker, poisonFirst)
    const poison = editOf(attacker, (d) => d.getXmlFragment('default').insert(0, [new Y.XmlText('top')]), 78)
    expect(check(doc, poison)).toBeNull()
    Y.applyUpdate(doc, poison)
    expect(check(doc, poisonFirst)).toMatch(/page root allows none/u)
  })

  it('bounds what may wait: past the limit, an update that would add to it is refused', () => {
    const doc = livePage()
    const writer = new Y.Doc({ gc: false })
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
    const first = editOf(writer, (d) => firstTextOf(d).insert(0, 'a'), 79)
    Y.applyUpdate(writer, first)
    const waiting = editOf(writer, (d) => firstTextOf(d).insert(1, 'b'.repeat(2000)), 79)
    const decoded = Y.decodeUpdate(waiting)
    const tight = { ...CONTENT_LIMITS, maxPendingBytes: 1000 }
    expect(checkUpdate({ update: waiting, structs: decoded.structs as (Y.Item | Y.GC | Y.Skip)[], deleteSet: decoded.ds.clients }, doc, undefined, tight)).toMatch(/waiting/u)
    expect(check(doc, waiting)).toBeNull()
  })

  it('refuses deletions of items the page does not have yet (they would delete them as they are written)', () => {
    const doc = livePage()
    const victim = 123_456
    const deleteSet = new Map([[victim, [{ clock: 0, len: 1000 }]]])
    expect(checkUpdate({ update: Y.encodeStateAsUpdate(new Y.Doc()), structs: [], deleteSet }, doc)).toMatch(/does not have/u)
  })

  it('lets a sender delete ahead only within client ids it may (its own offline text), never another author\'s', () => {
    const doc = livePage()
    const own = 654_321
    const victim = 123_456
    const update = Y.encodeStateAsUpdate(new Y.Doc())
    const mayDeleteAhead = (client: number) => client === own
    expect(checkUpdate({ update, structs: [], deleteSet: new Map([[own, [{ clock: 0, len: 5 }]]]) }, doc, undefined, undefined, mayDeleteAhead)).toBeNull()
    expect(checkUpdate({ update, structs: [], deleteSet: new Map([[victim, [{ clock: 0, len: 5 }]]]) }, doc, undefined, undefined, mayDeleteAhead)).toMatch(/does not have/u)
  })

  it('refuses a struct that would push a clock millions ahead', () => {
    expect(check(livePage(), hugeLength(88, 1 << 25))).toMatch(/units/u)
  })

  it('accepts garbage and deleted runs a client that collects garbage sends, and edits that repeat what the page has', () => {
    const doc = livePage()
    const client = new Y.Doc({ gc: true })
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(client)
    appendParagraph(client, 'typed then removed')
    client.getXmlFragment('default').delete(1, 1)
    const update = Y.encodeStateAsUpdate(client, before)
    expect(check(doc, update)).toBeNull()
    expect(check(doc, Y.encodeStateAsUpdate(doc))).toBeNull()
  })
})
