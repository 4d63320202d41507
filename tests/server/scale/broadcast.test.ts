import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'
import type { BroadcastOrigin } from '../../../server/core/Broadcast.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const redis = await scaleOutRedis()

const servers: TestServer[] = []
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  // The first server's close() drops the database: stop the others first.
  const [owner, ...others] = servers.splice(0)
  for (const server of others) await server.stop()
  await owner?.close()
})

/** Two in-process instances over one Postgres database, joined through Redis. */
async function twoInstances(): Promise<[TestServer, TestServer]> {
  const first = await startTestServer({ env: { REDIS_URL: redis! } })
  servers.push(first)
  const second = await startTestServer({ env: { REDIS_URL: redis! }, database: first.database })
  servers.push(second)
  return [first, second]
}

type Heard = { payload: { spaceId: string; userId: string; role: string | null }; origin: BroadcastOrigin }

describe('the broadcast of domain events', () => {
  it('without Redis, a broadcast listener hears the events of its own instance, marked local', async () => {
    const server = await startTestServer()
    servers.push(server)
    const heard: Heard[] = []
    server.palimpsest.services.broadcast.on('membershipChanged', (payload, origin) => { heard.push({ payload, origin }) })
    const owner = await signUpUser(server.url, 'owner')
    const bob = await signUpUser(server.url, 'bob')
    const { spaceId } = await createSpaceWithPage(server.url, owner.token)
    await api(server.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: owner.token, body: { role: 'viewer' } })
    expect(heard).toEqual([{ payload: { spaceId, userId: bob.id, role: 'viewer' }, origin: { instanceId: server.palimpsest.services.config.instanceId, local: true } }])
  })

  describe.skipIf(!redis)('between two instances', () => {
    it('an event emitted on one instance reaches the broadcast listeners of both, once each, marked with where it happened', async () => {
      const [first, second] = await twoInstances()
      const heardFirst: Heard[] = []
      const heardSecond: Heard[] = []
      first.palimpsest.services.broadcast.on('membershipChanged', (payload, origin) => { heardFirst.push({ payload, origin }) })
      second.palimpsest.services.broadcast.on('membershipChanged', (payload, origin) => { heardSecond.push({ payload, origin }) })
      const owner = await signUpUser(first.url, 'owner')
      const bob = await signUpUser(first.url, 'bob')
      const { spaceId } = await createSpaceWithPage(first.url, owner.token)

      await api(first.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: owner.token, body: { role: 'editor' } })
      await waitFor(() => heardSecond.length === 1, 'the second instance to hear the change')
      const from = first.palimpsest.services.config.instanceId
      expect(heardSecond[0]).toEqual({ payload: { spaceId, userId: bob.id, role: 'editor' }, origin: { instanceId: from, local: false } })
      expect(heardFirst).toEqual([{ payload: { spaceId, userId: bob.id, role: 'editor' }, origin: { instanceId: from, local: true } }])

      // And the other way round; neither hears its own event twice (Redis echoes it back).
      await api(second.url, 'DELETE', `/api/spaces/${spaceId}/members/${bob.username}`, { token: owner.token })
      await waitFor(() => heardFirst.length === 2, 'the first instance to hear the removal')
      expect(heardFirst[1].origin).toEqual({ instanceId: second.palimpsest.services.config.instanceId, local: false })
      expect(heardSecond).toHaveLength(2)
      expect(heardSecond[1].origin.local).toBe(true)
    })

    it('a client joining a page open on an instance brings in what another instance logged but never relayed', async () => {
      const [first, second] = await twoInstances()
      const owner = await signUpUser(first.url, 'owner')
      const { pageId } = await createSpaceWithPage(first.url, owner.token)
      const reader = await connectProvider(first.wsUrl, pageId, { token: owner.token })
      providers.push(reader)
      appendParagraph(reader.doc, 'written before')
      await reader.settled()
      const db = first.palimpsest.services.db
      await waitFor(async () => (await readStoredDocument(db, pageId)).updates.length === 0, 'the first instance to compact its log')

      // The second instance logs an edit it acknowledged, then dies before relaying it through Redis.
      const gone = new Y.Doc()
      Y.applyUpdate(gone, Y.encodeStateAsUpdate(reader.doc))
      const before = Y.encodeStateVector(gone)
      appendParagraph(gone, 'acknowledged by an instance that died')
      await second.palimpsest.services.updateLog.append(pageId, Y.encodeStateAsUpdate(gone, before), owner.id)
      await second.stop()

      // Its client reconnects to the first instance, which reads the log in for everyone there.
      const moved = await connectProvider(first.wsUrl, pageId, { token: owner.token })
      providers.push(moved)
      await waitFor(() => docText(reader.doc).includes('acknowledged by an instance that died'), 'the reader on the first instance to see the edit')
      await waitFor(() => docText(moved.doc) === docText(reader.doc), 'the moved client to converge')
      expect(docText(reader.doc).split('\n')).toEqual(['written before', 'acknowledged by an instance that died'])
    })
  })
})
