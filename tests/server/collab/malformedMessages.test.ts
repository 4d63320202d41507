import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { updateMessage } from '../../support/hostileUpdates.ts'
import { appendParagraph, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startTestServer } from '../../support/startTestServer.ts'

function rawSocket(p: TestProvider): WebSocket {
  return (p.socket as unknown as { webSocket: WebSocket }).webSocket
}

const perTest = serverPerTest(startTestServer)

async function twoEditors() {
  const server = await perTest.start({ env: { MAX_MESSAGE_BYTES: '65536' } })
  const user = await signUpUser(server.url)
  const { pageId } = await createSpaceWithPage(server.url, user.token)
  const good = await perTest.connect(pageId, { token: user.token })
  const bad = await perTest.connect(pageId, { token: user.token })
  appendParagraph(good.doc, 'before the attack')
  await good.settled()
  return { pageId, good, bad, user }
}

async function logRowCount(pageId: string): Promise<number> {
  const rows = await perTest.server().palimpsest.services.db.query<{ n: number }>('SELECT count(*) AS n FROM page_updates WHERE page_id = $1', [pageId])
  return rows[0].n
}

describe('bad input on the collaboration socket', () => {
  it('a message that does not decode as a Yjs update is refused, never logged, and closes only the sender', async () => {
    const { pageId, good, bad } = await twoEditors()
    const rowsBefore = await logRowCount(pageId)
    const garbage = new Uint8Array([1, 200, 3, 250, 251, 252, 7, 7, 7, 7, 0, 9])
    rawSocket(bad).send(updateMessage(pageId, garbage))

    await waitFor(() => bad.closes.some((c) => c.reason === CloseCodes.malformedMessage.reason), 'the sender to be cut off with a clear reason')
    expect(await logRowCount(pageId)).toBe(rowsBefore)

    // The good client is unaffected: its next edit is stored and it never saw a close.
    appendParagraph(good.doc, 'after the attack')
    await good.settled()
    expect(await logRowCount(pageId)).toBeGreaterThan(rowsBefore)
    expect(good.closes).toEqual([])
  })

  it('after a malformed message the page reloads with exactly the good edits', async () => {
    const { pageId, good, bad, user } = await twoEditors()
    rawSocket(bad).send(updateMessage(pageId, new Uint8Array([255, 255, 255, 255, 255])))
    appendParagraph(good.doc, 'after the attack')
    await good.settled()
    await perTest.restart()
    const reader = await perTest.connect(pageId, { token: user.token })
    expect(docText(reader.doc)).toBe('before the attack\nafter the attack')
  })

  it('a message over the size limit is refused and never logged; the server keeps serving others', async () => {
    const { pageId, good, bad } = await twoEditors()
    const rowsBefore = await logRowCount(pageId)
    const big = new Y.Doc()
    big.getXmlFragment('default').insert(0, [new Y.XmlText('x'.repeat(200_000))])
    rawSocket(bad).send(updateMessage(pageId, Y.encodeStateAsUpdate(big)))
    await waitFor(() => bad.closes.length > 0, 'the oversized sender to be disconnected')
    expect(bad.closes[0].code).toBe(1009)
    expect(await logRowCount(pageId)).toBe(rowsBefore)
    appendParagraph(good.doc, 'still editing')
    await good.settled()
    expect(docText(good.doc)).toBe('before the attack\nstill editing')
  })
})
