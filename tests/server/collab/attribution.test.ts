import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { api, createPageForTwo, signUpUser } from '../../support/api.ts'
import { syncMessage } from '../../support/hocuspocusMessages.ts'
import { appendParagraph, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startTestServer } from '../../support/startTestServer.ts'

const perTest = serverPerTest(startTestServer)

function open(pageId: string, token: string, doc?: Y.Doc, waitForSync = true): Promise<TestProvider> {
  return perTest.connect(pageId, { token, doc, waitForSync })
}

const refused = (p: TestProvider) => p.closes.some((c) => c.reason === CloseCodes.clientIdTaken.reason)

/**
 * What a hostile editor does: open the page, go offline, write under `clientId` (taken from
 * the page's content), reconnect. The new text reaches the server in the sync step 2 of the
 * reconnect — the message a client uses to hand back edits the server lost.
 */
async function writeUnderAfterReconnect(pageId: string, token: string, clientId: number, text: string): Promise<TestProvider> {
  const first = await open(pageId, token)
  first.destroy()
  first.doc.clientID = clientId
  appendParagraph(first.doc, text)
  return open(pageId, token, first.doc, false)
}

async function rowsLoggedBy(userId: string): Promise<number> {
  const rows = await perTest.server().palimpsest.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM page_updates WHERE user_id = $1', [userId])
  return rows[0].n
}

describe('attribution cannot be forged', { timeout: 120_000 }, () => {
  it('an editor who writes under the client id of another user\'s earlier session is disconnected with client-id-taken, and nothing of it is stored', async () => {
    const server = await perTest.start()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const a = await open(pageId, ann.token)
    appendParagraph(a.doc, 'Written by Ann.')
    await a.settled()
    const annClient = a.doc.clientID
    a.destroy()

    const forger = await writeUnderAfterReconnect(pageId, bob.token, annClient, 'Forged in Ann\'s name.')
    await waitFor(() => refused(forger), 'the forger to be disconnected')
    forger.destroy()

    expect(await rowsLoggedBy(bob.id)).toBe(0)
    const reader = await open(pageId, ann.token)
    expect(docText(reader.doc)).toBe('Written by Ann.')
  })

  it('nobody can add text under the seed\'s system author, even through the sync of a reconnect', async () => {
    const server = await perTest.start({ seed: true })
    const mallory = await signUpUser(server.url, 'mallory')
    const spaces = await api(server.url, 'GET', '/api/spaces', { token: mallory.token })
    const seeded = spaces.body.find((s: { slug: string }) => s.slug === 'novocherkassk-1962')
    expect((await api(server.url, 'POST', `/api/spaces/${seeded.id}/join`, { token: mallory.token })).status).toBeLessThan(300)
    const [page] = (await api(server.url, 'GET', `/api/spaces/${seeded.id}/pages`, { token: mallory.token })).body
    const { db } = server.palimpsest.services
    const [seedClient] = await db.query<{ clientId: number }>(
      `SELECT c.client_id AS "clientId" FROM page_clients c JOIN users u ON u.id = c.user_id WHERE c.page_id = $1 AND u.username = 'Palimpsest seed'`, [page.id])
    expect(seedClient).toBeDefined()

    const before = docText((await open(page.id, mallory.token)).doc)
    const forger = await writeUnderAfterReconnect(page.id, mallory.token, Number(seedClient.clientId), 'The seed never wrote this.')
    await waitFor(() => refused(forger), 'the forger to be disconnected')
    forger.destroy()

    expect(await rowsLoggedBy(mallory.id)).toBe(0)
    const reader = await open(page.id, mallory.token)
    expect(docText(reader.doc)).toBe(before)
  })

  it('under a client id whose edits the server relayed, an update may repeat them but not add a new clock', async () => {
    const server = await perTest.start()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const a = await open(pageId, ann.token)
    const b = await open(pageId, bob.token)
    appendParagraph(a.doc, 'Relayed from Ann.')
    await a.settled()
    await waitFor(() => docText(b.doc) === 'Relayed from Ann.', 'Ann\'s edit to reach Bob')

    // Repeating what the server relayed (Ann's items included) is harmless and accepted.
    b.socket.send(syncMessage(pageId, 2, Y.encodeStateAsUpdate(b.doc)))
    appendParagraph(b.doc, 'Then Bob writes.')
    // A connection's messages are handled in order: once Bob's edit reached Ann, the repeat was
    // accepted (a refusal would have closed Bob's connection before his edit was handled).
    await waitFor(() => docText(a.doc).endsWith('Then Bob writes.'), 'Bob\'s edit to reach Ann')
    expect(refused(b)).toBe(false)

    // The same, plus one new item under Ann's client id: refused.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(b.doc))
    copy.clientID = a.doc.clientID
    appendParagraph(copy, 'Ann never wrote this.')
    b.socket.send(syncMessage(pageId, 1, Y.encodeStateAsUpdate(copy)))
    await waitFor(() => refused(b), 'Bob to be disconnected')

    appendParagraph(a.doc, 'Ann again.')
    await a.settled()
    expect(docText(a.doc)).toBe('Relayed from Ann.\nThen Bob writes.\nAnn again.')
    expect(await rowsLoggedBy(bob.id)).toBe(1)
    expect(docText((await open(pageId, ann.token)).doc)).toBe('Relayed from Ann.\nThen Bob writes.\nAnn again.')
  })

  it('an edit that reached the server before the one it follows is handed back by others without their being refused', async () => {
    // After a crash a provider re-sends its unacknowledged edits in the sync of its reconnect,
    // but a newer edit it queued meanwhile can arrive first. The server logs that newer edit
    // and holds it aside (Yjs: pending) until the earlier one comes; a peer that connects
    // meanwhile receives it in the server's sync and, holding it aside too, hands it back in
    // its own. That repeats Ann's edit, it does not forge one: Bob must not be disconnected.
    const server = await perTest.start()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const a = await open(pageId, ann.token)
    const draft = new Y.Doc()
    appendParagraph(draft, 'First, lost in the crash.')
    const afterFirst = Y.encodeStateVector(draft)
    const first = Y.encodeStateAsUpdate(draft)
    appendParagraph(draft, 'Second, sent ahead.')
    a.socket.send(syncMessage(pageId, 2, Y.encodeStateAsUpdate(draft, afterFirst)))
    await waitFor(async () => (await rowsLoggedBy(ann.id)) === 1, 'the second edit to be logged')

    // Bob opens the page (the server's sync hands him the second edit, held aside), then his
    // connection drops and comes back: his sync hands it back.
    const early = await open(pageId, bob.token)
    expect(early.doc.store.pendingStructs).not.toBeNull()
    early.destroy()
    const b = await open(pageId, bob.token, early.doc)
    appendParagraph(b.doc, 'Bob writes meanwhile.')
    await b.settled()
    expect(refused(b)).toBe(false)

    a.socket.send(syncMessage(pageId, 1, first))
    await waitFor(() => docText(b.doc) === 'First, lost in the crash.\nSecond, sent ahead.\nBob writes meanwhile.'
      || docText(b.doc) === 'Bob writes meanwhile.\nFirst, lost in the crash.\nSecond, sent ahead.', 'Ann\'s two edits to reach Bob in order')
    expect(refused(b)).toBe(false)
    expect(await rowsLoggedBy(bob.id)).toBe(1)
  })

  it('a client id that already wrote on the page and is bound to nobody may be repeated but not claimed', async () => {
    let server = await perTest.start()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const a = await open(pageId, ann.token)
    appendParagraph(a.doc, 'Imported text, its author unknown.')
    await a.settled()
    const orphan = a.doc.clientID
    a.destroy()
    // As if the text came from somewhere that recorded no author for it (an import, old data).
    await server.palimpsest.services.db.query('DELETE FROM page_clients WHERE page_id = $1 AND client_id = $2', [pageId, orphan])
    server = await perTest.restart()

    // Repeating its text is harmless (a device copy applied after connecting sends the whole
    // page back): accepted, and the id stays nobody's.
    const repeater = await open(pageId, bob.token)
    const watcher = await open(pageId, ann.token)
    repeater.socket.send(syncMessage(pageId, 1, Y.encodeStateAsUpdate(repeater.doc)))
    appendParagraph(repeater.doc, 'Bob adds a line.')
    await waitFor(() => docText(watcher.doc).endsWith('Bob adds a line.'), 'Bob\'s line to reach Ann')
    expect(refused(repeater)).toBe(false)
    expect(await server.palimpsest.services.db.query('SELECT 1 FROM page_clients WHERE page_id = $1 AND client_id = $2', [pageId, orphan])).toHaveLength(0)

    const claimer = await writeUnderAfterReconnect(pageId, bob.token, orphan, 'Now it is all mine.')
    await waitFor(() => refused(claimer), 'the claimer to be disconnected')
    const owners = await server.palimpsest.services.db.query('SELECT 1 FROM page_clients WHERE page_id = $1 AND client_id = $2', [pageId, orphan])
    expect(owners).toHaveLength(0)
  })
})
