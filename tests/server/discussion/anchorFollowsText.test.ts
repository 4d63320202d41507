import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeAnchor, passageText } from '../../../server/discussion/passageAnchor.ts'
import { api } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { seededRandom } from '../../support/seededRandom.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { discussionWorld, type DiscussionWorld } from './discussionWorld.ts'

let server: TestServer
let world: DiscussionWorld
const providers: TestProvider[] = []

beforeAll(async () => {
  server = await startTestServer()
  world = await discussionWorld(server, 'private', [
    'Before the passage there is some text, and then the words under discussion: shots were fired from the roofs, and after them more text.',
    'A second paragraph that nobody comments on.',
  ])
}, 60_000)
afterAll(async () => {
  for (const p of providers) p.destroy()
  await server?.close()
})

const QUOTE = 'shots were fired from the roofs'

function firstText(doc: Y.Doc): Y.XmlText {
  return (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
}

/** Where the thread's passage is in `doc` now: [start, end) in the first paragraph's text. */
function passageRange(doc: Y.Doc, anchor: { start: string; end: string }): [number, number] {
  const decoded = decodeAnchor(Buffer.from(anchor.start, 'base64'), Buffer.from(anchor.end, 'base64'))!
  return [Y.createAbsolutePositionFromRelativePosition(decoded.start, doc)!.index, Y.createAbsolutePositionFromRelativePosition(decoded.end, doc)!.index]
}

function coveredText(doc: Y.Doc, anchor: { start: string; end: string }): string {
  return passageText(doc, decodeAnchor(Buffer.from(anchor.start, 'base64'), Buffer.from(anchor.end, 'base64'))!)
}

async function threadsOf(token: string) {
  const answer = await api(server.url, 'GET', `/api/pages/${world.pageId}/threads`, { token })
  expect(answer.status).toBe(200)
  return answer.body as { id: string; status: string; quote: string; anchor: { start: string; end: string } }[]
}

describe('a thread anchored to a passage', () => {
  it('keeps covering the same words through seeded concurrent edits by two providers, and is orphaned once they are deleted', async () => {
    const opened = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.viewer.token, body: { body: 'Which roofs?', quote: QUOTE } })
    expect(opened.status).toBe(201)
    expect(opened.body.quote).toBe(QUOTE)
    const anchor = opened.body.anchor as { start: string; end: string }

    const a = await connectProvider(server.wsUrl, world.pageId, { token: world.owner.token })
    const b = await connectProvider(server.wsUrl, world.pageId, { token: world.editor.token })
    providers.push(a, b)
    const random = seededRandom(1962)
    const letters = 'abcdefghij klmnop'
    for (let round = 0; round < 120; round += 1) {
      const { doc } = random() < 0.5 ? a : b
      const text = firstText(doc)
      const [start, end] = passageRange(doc, anchor)
      const roll = random()
      if (roll < 0.3 && start > 0) {
        // Delete something before the passage.
        const at = Math.floor(random() * start)
        text.delete(at, Math.min(1 + Math.floor(random() * 3), start - at))
      } else if (roll < 0.55) {
        // Type before the passage (right at its start too: it must stay outside).
        text.insert(random() < 0.2 ? start : Math.floor(random() * (start + 1)), letters[Math.floor(random() * letters.length)]!)
      } else if (roll < 0.8) {
        // Type after it (right at its end too), or delete after it.
        const at = random() < 0.2 ? end : end + Math.floor(random() * (text.length - end + 1))
        if (random() < 0.3 && at < text.length) text.delete(at, 1)
        else text.insert(at, letters[Math.floor(random() * letters.length)]!)
      } else {
        // Type inside it, between its first and last character: the passage grows with it.
        text.insert(start + 1 + Math.floor(random() * (end - start - 1)), '~')
      }
      if (random() < 0.3) await new Promise((r) => setTimeout(r, 5))
    }
    await a.settled()
    await b.settled()
    await waitFor(() => firstText(a.doc).toString() === firstText(b.doc).toString(), 'the providers to converge')
    for (const { doc } of [a, b]) expect(coveredText(doc, anchor).replaceAll('~', '')).toBe(QUOTE)
    expect((await threadsOf(world.owner.token)).find((t) => t.id === opened.body.id)!.status).toBe('open')

    // Deleting every word of it (and a little around) puts the thread on removed text, its quote kept.
    const [start, end] = passageRange(a.doc, anchor)
    firstText(a.doc).delete(start - 1, end - start + 2)
    await a.settled()
    const thread = (await threadsOf(world.viewer.token)).find((t) => t.id === opened.body.id)!
    expect(thread.status).toBe('orphaned')
    expect(thread.quote).toBe(QUOTE)
  })

  it('can be opened on the relative positions an editor sends, whose current words become the quote', async () => {
    const reader = await connectProvider(server.wsUrl, world.pageId, { token: world.viewer.token })
    providers.push(reader)
    const second = (reader.doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText
    const index = second.toString().indexOf('nobody')
    const encode = (rpos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rpos)).toString('base64')
    const anchor = { start: encode(Y.createRelativePositionFromTypeIndex(second, index)), end: encode(Y.createRelativePositionFromTypeIndex(second, index + 'nobody comments'.length, -1)) }
    const opened = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.viewer.token, body: { body: 'Somebody does now.', anchor } })
    expect(opened.status).toBe(201)
    expect(opened.body.quote).toBe('nobody comments')
    expect(opened.body.status).toBe('open')
  })

  it('refuses a quote that is not on the page and positions that are not in it, storing nothing', async () => {
    const before = (await threadsOf(world.owner.token)).length
    const missing = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.viewer.token, body: { body: 'x', quote: 'not in the text at all' } })
    expect(missing.status).toBe(400)
    expect(missing.body.error.id).toBe('quote_not_found')
    const stranger = new Y.Doc()
    const elsewhere = stranger.getText('t')
    elsewhere.insert(0, 'other document')
    const encode = (rpos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(rpos)).toString('base64')
    const foreign = { start: encode(Y.createRelativePositionFromTypeIndex(elsewhere, 0)), end: encode(Y.createRelativePositionFromTypeIndex(elsewhere, 5, -1)) }
    const bad = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.viewer.token, body: { body: 'x', anchor: foreign } })
    expect(bad.status).toBe(400)
    const garbage = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.viewer.token, body: { body: 'x', anchor: { start: 'AAAA', end: 'AAAA' } } })
    expect(garbage.status).toBe(400)
    expect((await threadsOf(world.owner.token)).length).toBe(before)
  })
})
