import { afterEach, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { redisUrl, requirePart } from '../../support/requirements.ts'
import { onPostgres } from '../../support/testDatabase.ts'
import { openServerEvents } from '../../support/serverEvents.ts'
import { startCluster, type Cluster } from './startCluster.ts'

const redis = requirePart(onPostgres, 'a Postgres server', 'set TEST_DATABASE_URL=postgres://…') ? await redisUrl() : null

let cluster: Cluster | undefined
afterEach(async () => {
  await cluster?.close()
  cluster = undefined
})

describe.skipIf(!redis)('the live page tree, across instances', () => {
  it('a reader whose stream is on one instance hears of pages created and moved on another', async () => {
    cluster = await startCluster(2, redis!)
    const [first, second] = cluster.instances
    const owner = await signUpUser(first.url, 'owner')
    const { spaceId, pageId } = await createSpaceWithPage(first.url, owner.token, { title: 'Root' })
    const stream = await openServerEvents(second.url, `/api/spaces/${spaceId}/tree/events`, owner.token)
    try {
      await stream.waitFor('ready')
      const child = await api(first.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: { title: 'Child', parentId: pageId } })
      expect(child.status).toBe(201)
      await stream.waitFor('tree', 1)
      expect((await api(first.url, 'PUT', `/api/pages/${child.body.id}/position`, { token: owner.token, body: { parentId: null, position: 0 } })).status).toBe(200)
      await stream.waitFor('tree', 2)
    } finally {
      stream.close()
    }
  })
})
