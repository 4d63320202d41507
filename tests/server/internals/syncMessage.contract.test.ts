import { MessageType as ProviderMessageType } from '@hocuspocus/provider'
import { MessageType, OutgoingMessage } from '@hocuspocus/server'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { carriesStateSync, describeUpdate, isContainedIn, MalformedMessageError, newClocksOf, readCarriedUpdate } from '../../../server/internals/syncMessage.ts'
import { seededRandom } from '../../support/seededRandom.ts'

// Contract of the message decoder with the pinned Hocuspocus and Yjs: it reads the framing of
// Hocuspocus messages (document name, message type, sync step) as Hocuspocus's own encoder
// writes it, and `isContainedIn` walks the document's struct store (`store.clients`,
// `findIndexSS`) and what it holds aside (`store.pendingStructs.update`, a v2 update) — it must
// agree with what applying the update would change.

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

/** The structs a document holds aside (received, waiting for one they follow), as client:clock+length. */
function heldAside(doc: Y.Doc): string {
  const pending = doc.store.pendingStructs
  if (!pending) return ''
  return Y.decodeUpdateV2(pending.update).structs.filter((s) => !(s instanceof Y.Skip))
    .map((s) => `${s.id.client}:${s.id.clock}+${s.length}`).sort().join(' ')
}

/**
 * What the public API says: applying the update to a copy changes neither state vector nor
 * delete set, nor what the copy holds aside.
 */
function changesNothing(update: Uint8Array, doc: Y.Doc): boolean {
  const copy = new Y.Doc({ gc: false })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const before = Y.snapshot(copy)
  const asideBefore = heldAside(copy)
  Y.applyUpdate(copy, update)
  return Y.equalSnapshots(before, Y.snapshot(copy)) && heldAside(copy) === asideBefore
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
      // A step whose predecessors were lost is held aside: contained only once held already.
      const contained = isContainedIn(readCarriedUpdate(framed('update', writer, update))!, server)
      if (contained) expect(changesNothing(update, server)).toBe(true)
      checked += 1
      if (deliver) Y.applyUpdate(server, update)
      // Now and then the server catches up whole (as after a reconnect's sync).
      if (random() < 0.25) Y.applyUpdate(server, Y.encodeStateAsUpdate(writer))
    }
    expect(checked).toBe(30)
  })

  it('counts what the document holds aside as held, but not a clock in the gap before it or past it', () => {
    const writer = new Y.Doc()
    writer.clientID = 42
    paragraph(writer, 'first')
    const first = Y.encodeStateAsUpdate(writer)
    const afterFirst = Y.encodeStateVector(writer)
    paragraph(writer, 'second')
    const afterSecond = Y.encodeStateVector(writer)
    const second = Y.encodeStateAsUpdate(writer, afterFirst)
    paragraph(writer, 'third')
    const third = Y.encodeStateAsUpdate(writer, afterSecond)

    const server = new Y.Doc()
    Y.applyUpdate(server, second)
    expect(Y.getState(server.store, 42)).toBe(0)
    expect(heldAside(server)).not.toBe('')
    // A client hands back what the server's sync gave it (held aside there too): nothing new.
    const handedBack = describeUpdate(Y.encodeStateAsUpdate(server))
    expect(newClocksOf(handedBack, [42], server)).toEqual([])
    expect(isContainedIn(handedBack, server)).toBe(true)
    expect(changesNothing(handedBack.update, server)).toBe(true)
    // The missing first edit, or a third one, writes clocks the server never had.
    for (const update of [first, third, Y.mergeUpdates([second, third])]) {
      expect(newClocksOf(describeUpdate(update), [42], server)).toEqual([42])
      expect(isContainedIn(describeUpdate(update), server)).toBe(false)
      expect(changesNothing(update, server)).toBe(false)
    }
    // Ids the caller does not ask about are not reported.
    expect(newClocksOf(describeUpdate(first), [7], server)).toEqual([])
  })

  it('the sync types the client\'s countUnsyncedTruly reads: the provider\'s Sync is the server\'s, and the sync reply is 4', () => {
    expect(ProviderMessageType.Sync).toBe(MessageType.Sync)
    // shared/internals/countUnsyncedTruly.ts declares this one: the provider's enum lacks it.
    expect(MessageType.SyncReply).toBe(4)
  })
})
