import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'
import { createPageForTwo } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { seededRandom } from '../../support/seededRandom.ts'

/** One random edit on the page's first paragraph: insert or delete a few characters. */
function randomEdit(doc: Y.Doc, rand: () => number): void {
  const fragment = doc.getXmlFragment('default')
  doc.transact(() => {
    if (fragment.length === 0) fragment.insert(0, [new Y.XmlElement('paragraph')])
    const paragraph = fragment.get(0) as Y.XmlElement
    if (paragraph.length === 0) paragraph.insert(0, [new Y.XmlText()])
    const text = paragraph.get(0) as Y.XmlText
    if (text.length > 0 && rand() < 0.3) {
      const at = Math.floor(rand() * text.length)
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(rand() * 3)))
    } else {
      const at = Math.floor(rand() * (text.length + 1))
      text.insert(at, 'abcdefghij'.slice(0, 1 + Math.floor(rand() * 4)), rand() < 0.2 ? { bold: true } : {})
    }
  })
}

function content(doc: Y.Doc): string {
  return doc.getXmlFragment('default').toString()
}

let server: TestServer | undefined
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  await server?.close()
  server = undefined
})

describe('collaboration', () => {
  it.each([1, 2])('two providers making seeded random concurrent edits converge, and the stored state equals theirs after a restart (seed %i)', async (seed) => {
    server = await startTestServer()
    const { ann: alice, bob, pageId } = await createPageForTwo(server.url)

    const a = await connectProvider(server.wsUrl, pageId, { token: alice.token })
    const b = await connectProvider(server.wsUrl, pageId, { token: bob.token })
    providers.push(a, b)
    const rand = seededRandom(seed)
    for (let round = 0; round < 40; round++) {
      randomEdit(rand() < 0.5 ? a.doc : b.doc, rand)
      if (rand() < 0.3) await new Promise((r) => setTimeout(r, Math.floor(rand() * 10)))
    }
    await a.settled()
    await b.settled()
    await waitFor(() => content(a.doc) === content(b.doc), 'both replicas to converge')
    expect(content(a.doc).length).toBeGreaterThan(20)
    const expected = content(a.doc)

    for (const p of providers.splice(0)) p.destroy()
    server = await server.restart()
    const c = await connectProvider(server.wsUrl, pageId, { token: alice.token })
    providers.push(c)
    expect(content(c.doc)).toBe(expected)

    // The compacted state plus the remaining log rebuilds the same document.
    await server.palimpsest.services.hocuspocus.flushPendingStores()
    const stored = await readStoredDocument(server.palimpsest.services.db, pageId)
    const rebuilt = new Y.Doc({ gc: false })
    if (stored.state) Y.applyUpdate(rebuilt, stored.state)
    for (const row of stored.updates) Y.applyUpdate(rebuilt, row.update)
    expect(content(rebuilt)).toBe(expected)
  })
})
