import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ApiBlame } from '../../../shared/historyTypes.ts'
import { api, createPageForTwo, grantRole, signUpUser } from '../../support/api.ts'
import { updateMessage } from '../../support/hostileUpdates.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { blameByAuthor, firstText, startHistoryServer, textRuns } from './historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

/** Anna's page with one paragraph of hers, and Boris an editor connected to it. */
async function annasPage(text: string) {
  const server = perTest.running() ?? await perTest.start()
  const { ann, bob, spaceId, pageId } = await createPageForTwo(server.url)
  const a = await perTest.connect(pageId, { token: ann.token })
  appendParagraph(a.doc, text)
  await a.settled()
  const b = await perTest.connect(pageId, { token: bob.token })
  return { ann, bob, spaceId, pageId, a, b }
}

async function carriedRows(pageId: string): Promise<number> {
  const rows = await perTest.server().palimpsest.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM page_carried_text WHERE page_id = $1', [pageId])
  return rows[0].n
}

describe('carried authorship cannot be used to take or give authorship', { timeout: 120_000 }, () => {
  it('an update that deletes Anna’s words and inserts the same words itself is a move, because the server’s record says they were Anna’s', async () => {
    const { ann, bob, pageId, b } = await annasPage('Anna wrote every word of this sentence.')
    const fragment = b.doc.getXmlFragment('default')
    b.doc.transact(() => {
      fragment.delete(0, 1)
      appendParagraph(b.doc, 'Anna wrote every word of this sentence.')
      appendParagraph(b.doc, 'Boris added this.')
    })
    await b.settled()
    const blame = await blameByAuthor(perTest.server().url, pageId, bob.token)
    expect(blame).toEqual(new Map([[ann.id, 'Anna wrote every word of this sentence.'], [bob.id, 'Boris added this.']]))
    expect(await carriedRows(pageId)).toBe(1)
  })

  it('re-sending the deletion of text someone else already deleted carries nothing: the words a client inserts are its own', async () => {
    const { ann, bob, pageId, a, b } = await annasPage('Anna wrote this and later took it back.')
    // Anna deletes her own paragraph; it stays in the document as tombstones.
    a.doc.getXmlFragment('default').delete(0, 1)
    await a.settled()
    await waitFor(() => docText(b.doc) === '', 'the deletion to reach Boris')
    // Boris hand-crafts one update: the page's whole delete set (Anna's tombstones) plus the same words, inserted.
    const scratch = new Y.Doc({ gc: false })
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(b.doc))
    scratch.clientID = b.doc.clientID
    const before = Y.encodeStateVector(scratch)
    appendParagraph(scratch, 'Anna wrote this and later took it back.')
    const inserts = Y.encodeStateAsUpdate(scratch, before)
    const deleteSet = Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(scratch))
    const forged = Y.mergeUpdates([inserts, deleteSet])
    expect(Y.decodeUpdate(forged).ds.clients.has(a.doc.clientID)).toBe(true)
    ;(b.socket as unknown as { webSocket: WebSocket }).webSocket.send(updateMessage(pageId, forged))
    await waitFor(async () => (await blameByAuthor(perTest.server().url, pageId, ann.token)).size > 0, 'the forged update to be applied')
    expect(await blameByAuthor(perTest.server().url, pageId, ann.token)).toEqual(new Map([[bob.id, 'Anna wrote this and later took it back.']]))
    expect(await carriedRows(pageId)).toBe(0)
  })

  it('each deleted word is carried once: a duplicate inserted with it is the inserter’s own', async () => {
    const { ann, bob, pageId, b } = await annasPage('The strike began at dawn.')
    const text = firstText(b.doc)
    b.doc.transact(() => {
      text.delete(4, 'strike'.length)
      text.insert(4, 'strike, strike')
    })
    await b.settled()
    expect(await blameByAuthor(perTest.server().url, pageId, bob.token)).toEqual(new Map([[ann.id, 'The strike began at dawn.'], [bob.id, ', strike']]))
  })

  it('a copy of someone’s words (nothing deleted) is credited to the person who pasted it, and says whose words it copies', async () => {
    const { ann, bob, pageId, b } = await annasPage('Anna’s sentence, copied below.')
    appendParagraph(b.doc, 'Anna’s sentence, copied below.')
    await b.settled()
    expect(await blameByAuthor(perTest.server().url, pageId, bob.token)).toEqual(new Map([[ann.id, 'Anna’s sentence, copied below.'], [bob.id, 'Anna’s sentence, copied below.']]))
    const blame = await api<ApiBlame>(perTest.server().url, 'GET', `/api/pages/${pageId}/blame`, { token: bob.token })
    expect(textRuns(blame.body.content).map(({ text, author, copiedFrom }) => ({ text, author, copiedFrom }))).toEqual([
      { text: 'Anna’s sentence, copied below.', author: ann.id, copiedFrom: undefined },
      { text: 'Anna’s sentence, copied below.', author: bob.id, copiedFrom: ann.id },
    ])
    // Typed rather than pasted (one character per update), the same words are not called a copy.
    appendParagraph(b.doc, '')
    const typed = (b.doc.getXmlFragment('default').get(2) as Y.XmlElement).get(0) as Y.XmlText
    for (const ch of 'Anna’s sentence') {
      typed.insert(typed.length, ch)
      await b.settled()
    }
    const again = await api<ApiBlame>(perTest.server().url, 'GET', `/api/pages/${pageId}/blame`, { token: bob.token })
    expect(textRuns(again.body.content).filter((r) => r.copiedFrom).map((r) => r.text)).toEqual(['Anna’s sentence, copied below.'])
  })

  it('what one editor cut is not carried into another editor’s paste', async () => {
    const { ann, bob, spaceId, pageId, b } = await annasPage('A paragraph Boris cuts and Carl types again.')
    const carl = await signUpUser(perTest.server().url, 'carl')
    await grantRole(perTest.server().url, ann.token, spaceId, carl.username, 'editor')
    b.doc.getXmlFragment('default').delete(0, 1)
    await b.settled()
    const c = await perTest.connect(pageId, { token: carl.token })
    appendParagraph(c.doc, 'A paragraph Boris cuts and Carl types again.')
    await c.settled()
    expect(await blameByAuthor(perTest.server().url, pageId, bob.token)).toEqual(new Map([[carl.id, 'A paragraph Boris cuts and Carl types again.']]))
    expect(await carriedRows(pageId)).toBe(0)
  })
})
