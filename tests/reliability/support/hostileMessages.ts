import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { authMessage, hocuspocusMessage, MessageType, syncMessage } from '../../support/hocuspocusMessages.ts'
import type { ScenarioRandom } from './scenarioSeed.ts'

/** A Yjs update some hostile writer might send: valid bytes, odd content. */
export function oddUpdate(random: ScenarioRandom): Uint8Array {
  const doc = new Y.Doc({ gc: false })
  // Client ids at the edges of what Yjs accepts, or ordinary random ones.
  doc.clientID = random.pick([0, 1, 2 ** 31 - 1, 2 ** 32 - 1, random.int(1, 2 ** 30)])
  const fragment = doc.getXmlFragment('default')
  const kind = random.int(0, 6)
  doc.transact(() => {
    if (kind === 0) fragment.insert(0, [new Y.XmlElement('script')])
    else if (kind === 1) {
      const element = new Y.XmlElement(random.pick(['img', 'iframe', 'paragraph', 'heading', '']))
      element.setAttribute('onerror', 'window.__pwned=1')
      element.setAttribute('src', 'javascript:window.__pwned=1')
      fragment.insert(0, [element])
    } else if (kind === 2) {
      const text = new Y.XmlText()
      fragment.insert(0, [text])
      text.insert(0, 'bare text at the root', { link: { href: 'javascript:window.__pwned=1' }, wikiLink: { target: '"><img src=x onerror=window.__pwned=1>' } })
    } else if (kind === 3) doc.getMap('not-the-content').set('x', 'y'.repeat(random.int(1, 2000)))
    else if (kind === 4) doc.getText('default-text').insert(0, '\u0000\uffff\ud800')
    else if (kind === 5) {
      const paragraph = new Y.XmlElement('paragraph')
      fragment.insert(0, [paragraph])
      for (let depth = 0, parent = paragraph; depth < 50; depth++) {
        const child = new Y.XmlElement('paragraph')
        parent.insert(0, [child])
        parent = child
      }
    } else {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('x'.repeat(random.int(1, 5000)))])
      fragment.insert(0, [paragraph])
      fragment.delete(0, 1)
    }
  })
  return Y.encodeStateAsUpdate(doc)
}

/** Well-formed messages of every kind a client sends, for one document. */
export function wellFormedMessages(documentName: string, random: ScenarioRandom): Uint8Array[] {
  const awareness = encoding.createEncoder()
  encoding.writeVarUint(awareness, 1)
  encoding.writeVarUint(awareness, random.int(1, 2 ** 30))
  encoding.writeVarUint(awareness, random.int(0, 100))
  encoding.writeVarString(awareness, JSON.stringify({ user: { name: '<img src=x onerror=window.__pwned=1>' } }))
  return [
    authMessage(documentName, random.pick(['anonymous', 'not-a-token', '', 'x'.repeat(300)])),
    syncMessage(documentName, 0, Y.encodeStateVector(new Y.Doc())),
    syncMessage(documentName, 1, oddUpdate(random)),
    syncMessage(documentName, 2, oddUpdate(random)),
    syncMessage(documentName, 2, oddUpdate(random), MessageType.syncReply),
    hocuspocusMessage(documentName, (e) => { encoding.writeVarUint(e, MessageType.awareness); encoding.writeVarUint8Array(e, encoding.toUint8Array(awareness)) }),
    hocuspocusMessage(documentName, (e) => encoding.writeVarUint(e, MessageType.queryAwareness)),
    hocuspocusMessage(documentName, (e) => { encoding.writeVarUint(e, MessageType.stateless); encoding.writeVarString(e, '{"type":"access","readOnly":false}') }),
    hocuspocusMessage(documentName, (e) => encoding.writeVarUint(e, MessageType.close)),
  ]
}

function randomBytes(random: ScenarioRandom, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.int(0, 255))
}

/** One mutation of a message: flipped bits, truncation, inserted or repeated bytes, an absurd length prefix. */
export function mutate(bytes: Uint8Array, random: ScenarioRandom): Uint8Array {
  const out = Array.from(bytes)
  const at = () => random.int(0, Math.max(0, out.length - 1))
  switch (random.int(0, 5)) {
    case 0: for (let i = random.int(1, 4); i > 0; i--) out[at()] ^= 1 << random.int(0, 7); break
    case 1: out.length = at(); break
    case 2: out.splice(at(), 0, ...randomBytes(random, random.int(1, 16))); break
    case 3: { const from = at(); out.splice(from, 0, ...out.slice(from, from + random.int(1, 32))); break }
    case 4: out.splice(at(), 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f); break
    default: out[at()] = random.pick([0, 0x7f, 0x80, 0xff])
  }
  return Uint8Array.from(out)
}

const ODD_NAMES = ['', '../../etc/passwd', 'x'.repeat(2000), '\u0000', 'ü🙂\u202e', '00000000-0000-0000-0000-000000000000', 'null']

/**
 * A hostile message for a socket: random bytes, a random type after a real or odd document
 * name, or a mutated well-formed message.
 */
export function hostileMessage(documentName: string, random: ScenarioRandom): Uint8Array {
  const choice = random.int(0, 19)
  if (choice === 0) return randomBytes(random, random.int(0, 200))
  const name = random.chance(0.9) ? documentName : random.pick(ODD_NAMES)
  if (choice <= 3) {
    return hocuspocusMessage(name, (e) => { encoding.writeVarUint(e, random.chance(0.7) ? random.int(0, 12) : random.int(0, 2 ** 31)); encoding.writeUint8Array(e, randomBytes(random, random.int(0, 64))) })
  }
  const sample = random.pick(wellFormedMessages(name, random))
  return choice <= 13 ? sample : mutate(sample, random)
}
