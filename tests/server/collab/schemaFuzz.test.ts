import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { api, createPageForTwo } from '../../support/api.ts'
import {
  clientIdFlood, deepNesting, editOf, firstTextOf, hugeLength, topLevelText, updateMessage,
} from '../../support/hostileUpdates.ts'
import { appendParagraph, connectProvider, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { seededRandom } from '../../support/seededRandom.ts'
import { startTestServer } from '../../support/startTestServer.ts'

const SEED = Number(process.env.FUZZ_SEED ?? 20261204)
const ROUNDS = 36

const perTest = serverPerTest(startTestServer)

type Random = () => number
const int = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1))
const pick = <T>(random: Random, items: readonly T[]) => items[Math.floor(random() * items.length)]

/** A name no node, mark or attribute of the page schema has. */
function unknownName(random: Random): string {
  const schema = documentSchema()
  for (;;) {
    const name = Array.from({ length: int(random, 1, 12) }, () => pick(random, [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_-0123456789'])).join('')
    if (!(name in schema.nodes) && !(name in schema.marks) && !['href', 'target', 'rel', 'class', 'title', 'level', 'start', 'type', 'language'].includes(name)) return name
  }
}

const firstParagraph = (doc: Y.Doc) => doc.getXmlFragment('default').get(0) as Y.XmlElement

/** Schema-violating edits, each made on a copy of the attacker's synced document. */
const EDITS: Record<string, (doc: Y.Doc, random: Random) => void> = {
  unknownNode: (doc, random) => {
    const element = new Y.XmlElement(unknownName(random))
    if (random() < 0.5) doc.getXmlFragment('default').insert(0, [element])
    else firstParagraph(doc).insert(0, [element])
  },
  unknownMark: (doc, random) => firstTextOf(doc).format(0, int(random, 1, 5), { [unknownName(random)]: {} }),
  unknownMarkAttribute: (doc, random) => firstTextOf(doc).format(0, 3, { [pick(random, ['bold', 'link', 'wikiLink'])]: { [unknownName(random)]: 'x' } }),
  unknownNodeAttribute: (doc, random) => firstParagraph(doc).setAttribute(unknownName(random), 'x'),
  tooDeep: (doc, random) => deepNesting(doc, int(random, 41, 400)),
  topLevelText,
  misplacedNode: (doc, random) => {
    const kind = int(random, 0, 2)
    if (kind === 0) firstParagraph(doc).insert(0, [new Y.XmlElement('paragraph')])
    else if (kind === 1) doc.getXmlFragment('default').insert(0, [new Y.XmlElement('listItem')])
    else {
      const list = new Y.XmlElement('bulletList')
      list.insert(0, [new Y.XmlText('loose text')])
      doc.getXmlFragment('default').insert(1, [list])
    }
  },
  otherRoot: (doc, random) => {
    const kind = int(random, 0, 2)
    if (kind === 0) doc.getMap(unknownName(random)).set('x', 'y')
    else if (kind === 1) doc.getText(unknownName(random)).insert(0, 'side text')
    else doc.getArray(unknownName(random)).insert(0, [1, 2, 3])
  },
  otherContent: (doc, random) => {
    const fragment = doc.getXmlFragment('default') as unknown as Y.Array<unknown>
    const kind = int(random, 0, 3)
    if (kind === 0) fragment.insert(0, [{ any: unknownName(random) }])
    else if (kind === 1) fragment.insert(0, [new Uint8Array([1, 2, 3])])
    else if (kind === 2) fragment.insert(0, [new Y.Doc()])
    else firstTextOf(doc).insertEmbed(0, { image: unknownName(random) })
  },
}

/** One hostile update of a random class, built against the attacker's document. */
function hostileUpdate(doc: Y.Doc, random: Random): { kind: string; update: Uint8Array } {
  const kind = pick(random, [...Object.keys(EDITS), 'clientIdFlood', 'oversize'])
  if (kind === 'clientIdFlood') return { kind, update: clientIdFlood(doc, int(random, 65, 200), int(random, 1e6, 2e9)) }
  if (kind === 'oversize') return { kind, update: hugeLength(int(random, 1e6, 2e9), int(random, (1 << 24) + 1, 2 ** 40)) }
  return { kind, update: editOf(doc, (copy) => EDITS[kind](copy, random)) }
}

describe('a seeded fuzzer of schema-violating updates', { timeout: 300_000 }, () => {
  it(`closes every sender with 4400 and leaves the owner's page, its history and its readers intact (seed ${SEED})`, async () => {
    const server = await perTest.start()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const owner = await perTest.connect(pageId, { token: ann.token })
    appendParagraph(owner.doc, "the owner's text")
    await owner.settled()
    const first = await api(server.url, 'POST', `/api/pages/${pageId}/revisions`, { token: ann.token, body: { name: 'before' } })
    expect(first.status).toBe(201)

    const random = seededRandom(SEED)
    const kinds = new Map<string, number>()
    for (let round = 0; round < ROUNDS; round++) {
      const attacker = await connectProvider(server.wsUrl, pageId, { token: bob.token })
      const { kind, update } = hostileUpdate(attacker.doc, random)
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
      // Half through the provider (as its own edit), half as a raw message on its socket.
      if (random() < 0.5 && kind !== 'oversize') Y.applyUpdate(attacker.doc, update)
      else (attacker.socket as unknown as { webSocket: WebSocket }).webSocket.send(updateMessage(pageId, update))
      await waitFor(() => attacker.closes.some((c) => c.code === CloseCodes.malformedMessage.code || c.reason === CloseCodes.malformedMessage.reason), `round ${round} (${kind}, seed ${SEED}) to close its sender with 4400`)
      attacker.destroy()
    }
    expect(kinds.size).toBeGreaterThanOrEqual(8)

    expect(owner.closes).toEqual([])
    expect(owner.doc.getXmlFragment('default').toJSON()).toBe("<paragraph>the owner's text</paragraph>")
    appendParagraph(owner.doc, 'still writing')
    await owner.settled()
    const newcomer = await perTest.connect(pageId, { token: ann.token })
    expect(docText(newcomer.doc)).toBe("the owner's text\nstill writing")

    const second = await api(server.url, 'POST', `/api/pages/${pageId}/revisions`, { token: ann.token, body: { name: 'after' } })
    expect(second.status).toBe(201)
    for (const path of [
      `/api/pages/${pageId}/revisions`,
      `/api/pages/${pageId}/diff?from=${first.body.id}&to=${second.body.id}`,
      `/api/pages/${pageId}/blame`,
    ]) {
      const answer = await api(server.url, 'GET', path, { token: ann.token })
      expect({ path, status: answer.status }).toEqual({ path, status: 200 })
    }
  })
})
