import { MessageType as ProviderMessageType } from '@hocuspocus/provider'
import { MessageType, OutgoingMessage } from '@hocuspocus/server'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { carriesStateSync, isContainedIn, MalformedMessageError, readCarriedUpdate } from '../../../server/internals/syncMessage.ts'
import { seededRandom } from '../../support/seededRandom.ts'

// Contract of the message decoder with the pinned Hocuspocus and Yjs: it reads the framing of
// Hocuspocus messages (document name, message type, sync step) as Hocuspocus's own encoder
// writes it, and `isContainedIn` walks the document's struct store (`store.clients`,
// `findIndexSS`) — it must agree with what applying the update would change.

function paragraph(doc: Y.Doc, text: string): void {
  const element = new Y.XmlElement('paragraph')
  element.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment('default').push([element])
}

/** A sync message as a provider sends it, framed by Hocuspocus's own encoder. */
function framed(step: 'step2' | 'update' | 'step1', doc: Y.Doc, update: Uint8Array): Uint8Array {
  const message = new OutgoingMessage('page').createSyncMessage()
  if (step === 'step1') syncProtocol.writeSyncStep1(message.encoder, doc)
  else if (step === 'step2') syncProtocol.writeSyncStep2(message.encoder, doc)
  else syncProtocol.writeUpdate(message.encoder, update)
  return message.toUint8Array()
}

/** What the public API says: applying the update to a copy changes neither state vector nor delete set. */
function changesNothing(update: Uint8Array, doc: Y.Doc): boolean {
  const copy = new Y.Doc({ gc: false })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const before = Y.snapshot(copy)
  Y.applyUpdate(copy, update)
  return Y.equalSnapshots(before, Y.snapshot(copy))
}

describe('the Hocuspocus message decoder', () => {
  it('finds the Yjs update in an update and a sync step 2 framed by Hocuspocus, and none in a sync step 1', () => {
    const doc = new Y.Doc()
    doc.clientID = 7
    paragraph(doc, 'hello')
    const update = Y.encodeStateAsUpdate(doc)
    for (const step of ['update', 'step2'] as const) {
      const carried = readCarriedUpdate(framed(step, doc, update))!
      expect([...carried.clientIds]).toEqual([7])
      expect(carried.empty).toBe(false)
    }
    expect(readCarriedUpdate(framed('step1', doc, update))).toBeNull()
    expect(carriesStateSync(framed('step2', doc, update))).toBe(true)
    expect(carriesStateSync(framed('update', doc, update))).toBe(false)
  })

  it('refuses a sync message whose step or update does not decode', () => {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, 'page')
    encoding.writeVarUint(encoder, 0)
    encoding.writeVarUint(encoder, syncProtocol.messageYjsUpdate)
    encoding.writeVarUint8Array(encoder, new Uint8Array([1, 2, 3]))
    expect(() => readCarriedUpdate(encoding.toUint8Array(encoder))).toThrow(MalformedMessageError)
    const badStep = encoding.createEncoder()
    encoding.writeVarString(badStep, 'page')
    encoding.writeVarUint(badStep, 0)
    encoding.writeVarUint(badStep, 9)
    expect(() => readCarriedUpdate(encoding.toUint8Array(badStep))).toThrow(MalformedMessageError)
  })

  it.each([1, 2, 3])('says an update is already contained only when applying it would change nothing (seed %i)', (seed) => {
    const random = seededRandom(seed)
    const server = new Y.Doc({ gc: false })
    const writer = new Y.Doc({ gc: false })
    writer.clientID = 100 + seed
    let checked = 0
    for (let step = 0; step < 30; step++) {
      const before = Y.encodeStateVector(writer)
      const text = writer.getXmlFragment('default').length > 0 && random() < 0.4
        ? ((writer.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText)
        : null
      if (text && text.length > 2 && random() < 0.5) text.delete(0, 1 + Math.floor(random() * 2))
      else paragraph(writer, `paragraph ${step}`)
      const update = Y.encodeStateAsUpdate(writer, before)
      const deliver = random() < 0.7
      // The writer's whole state always integrates: "contained" must mean "changes nothing".
      const whole = Y.encodeStateAsUpdate(writer)
      expect(isContainedIn(readCarriedUpdate(framed('update', writer, whole))!, server)).toBe(changesNothing(whole, server))
      // A step whose predecessors were lost may not integrate yet; it is never "contained" then.
      const contained = isContainedIn(readCarriedUpdate(framed('update', writer, update))!, server)
      if (contained) expect(changesNothing(update, server)).toBe(true)
      checked += 1
      if (deliver) Y.applyUpdate(server, update)
      // Now and then the server catches up whole (as after a reconnect's sync).
      if (random() < 0.25) Y.applyUpdate(server, Y.encodeStateAsUpdate(writer))
    }
    expect(checked).toBe(30)
  })

  it('the sync types the client\'s countUnsyncedTruly reads: the provider\'s Sync is the server\'s, and the sync reply is 4', () => {
    expect(ProviderMessageType.Sync).toBe(MessageType.Sync)
    // shared/internals/countUnsyncedTruly.ts declares this one: the provider's enum lacks it.
    expect(MessageType.SyncReply).toBe(4)
  })
})
