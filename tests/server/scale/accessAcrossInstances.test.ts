import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { clusterPerTest } from './clusterPerTest.ts'

const redis = await scaleOutRedis()

/** Hocuspocus's sync status message: the server refused (0) or stored (1) an update. */
const MESSAGE_SYNC_STATUS = 8

/** Counts the updates the server refused on a provider's connection. */
function countRefusals(p: TestProvider): () => number {
  let refused = 0
  p.provider.on('message', ({ event }: { event: MessageEvent }) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer))
    decoding.readVarString(decoder)
    if (decoding.readVarUint(decoder) === MESSAGE_SYNC_STATUS && decoding.readVarInt(decoder) === 0) refused += 1
  })
  return () => refused
}

const perTest = clusterPerTest(redis)
const { providers } = perTest

describe.skipIf(!redis)('access changes across instances', () => {
  it('removing a member closes their connection on the instance they are connected to, and a member made viewer there turns read-only', async () => {
    const cluster = await perTest.start(3)
    const [first, second, third] = cluster.instances
    const owner = await signUpUser(first.url, 'owner')
    const bob = await signUpUser(first.url, 'bob')
    const carol = await signUpUser(first.url, 'carol')
    const { spaceId, pageId } = await createSpaceWithPage(first.url, owner.token)
    for (const user of [bob, carol]) {
      expect((await api(first.url, 'PUT', `/api/spaces/${spaceId}/members/${user.username}`, { token: owner.token, body: { role: 'editor' } })).status).toBe(200)
    }

    const ownerClient = await connectProvider(first.wsUrl, pageId, { token: owner.token })
    const bobClient = await connectProvider(second.wsUrl, pageId, { token: bob.token })
    const carolClient = await connectProvider(third.wsUrl, pageId, { token: carol.token })
    providers.push(ownerClient, bobClient, carolClient)
    const refusedToCarol = countRefusals(carolClient)
    const toCarol: { type?: string; readOnly?: boolean }[] = []
    carolClient.provider.on('stateless', ({ payload }: { payload: string }) => toCarol.push(JSON.parse(payload)))

    appendParagraph(bobClient.doc, 'written by bob while a member')
    appendParagraph(carolClient.doc, 'written by carol while an editor')
    await bobClient.settled()
    await carolClient.settled()
    await waitFor(() => docText(ownerClient.doc).includes('bob while') && docText(ownerClient.doc).includes('carol while'), 'the owner to see both edits')

    // The owner, on the first instance, removes bob (on the second) and makes carol (on the third) a viewer.
    expect((await api(first.url, 'DELETE', `/api/spaces/${spaceId}/members/${bob.username}`, { token: owner.token })).status).toBe(204)
    expect((await api(first.url, 'PUT', `/api/spaces/${spaceId}/members/${carol.username}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200)

    await waitFor(() => bobClient.closes.some((c) => c.reason === CloseCodes.accessChanged.reason), "bob's connection on the second instance to close")
    await waitFor(() => toCarol.some((m) => m.type === 'access' && m.readOnly === true), 'carol to be told she is read-only')
    appendParagraph(carolClient.doc, 'written by carol as a viewer')
    await waitFor(() => refusedToCarol() > 0, "carol's update to be refused on the third instance")

    // Bob cannot open the page again, on any instance.
    const bobAgain = await connectProvider(third.wsUrl, pageId, { token: bob.token })
    providers.push(bobAgain)
    expect(bobAgain.authFailures.length).toBeGreaterThan(0)

    // The owner writes after carol's refused line; once carol sees it, her line had its chance to travel.
    appendParagraph(ownerClient.doc, 'written by the owner afterwards')
    await ownerClient.settled()
    await waitFor(() => docText(carolClient.doc).includes('the owner afterwards'), 'carol to see the owner\'s later edit')
    expect(docText(ownerClient.doc)).not.toContain('carol as a viewer')

    for (const instance of cluster.instances) expect(await instance.kill('SIGTERM')).toBe(0)
    const db = await cluster.openDatabase()
    const stored = await readStoredDocument(db, pageId)
    await db.close()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, stored.state!)
    for (const row of stored.updates) Y.applyUpdate(doc, row.update)
    expect(docText(doc)).toBe(docText(ownerClient.doc))
    expect(docText(doc).split('\n').sort()).toEqual(['written by bob while a member', 'written by carol while an editor', 'written by the owner afterwards'])
  }, 120_000)

  it('signing out everywhere on one instance closes the user\'s pages open on the others, and a password change there closes the other sessions\' pages', async () => {
    const cluster = await perTest.start(2)
    const [first, second] = cluster.instances
    const dora = await signUpUser(first.url, 'dora')
    const { pageId } = await createSpaceWithPage(first.url, dora.token)
    const login = async () => (await api(first.url, 'POST', '/api/auth/login', { body: { username: dora.username, password: 'correct horse battery' } })).body.token as string
    const [laptop, phone] = [await login(), await login()]

    // A password change on the first instance ends the phone's session, whose page is open on the second.
    const phonePage = await connectProvider(second.wsUrl, pageId, { token: phone })
    const laptopPage = await connectProvider(second.wsUrl, pageId, { token: laptop })
    providers.push(phonePage, laptopPage)
    const changed = await api(first.url, 'POST', '/api/auth/password', { token: laptop, body: { currentPassword: 'correct horse battery', newPassword: 'a new one for two instances' } })
    expect(changed.body).toEqual({ endedSessions: 2 })
    await waitFor(() => phonePage.closes.some((c) => c.reason === CloseCodes.sessionEnded.reason), "the phone's page on the second instance to close")

    // Signing out everywhere on the first instance closes the laptop's page on the second.
    expect((await api(first.url, 'POST', '/api/auth/logout-all', { token: laptop })).body).toEqual({ endedSessions: 1 })
    await waitFor(() => laptopPage.closes.some((c) => c.reason === CloseCodes.sessionEnded.reason), "the laptop's page on the second instance to close")
  }, 120_000)
})
