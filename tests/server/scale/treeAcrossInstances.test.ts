import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { openServerEvents } from '../../support/serverEvents.ts'
import { clusterPerTest } from './clusterPerTest.ts'

const redis = await scaleOutRedis()

const perTest = clusterPerTest(redis)

describe.skipIf(!redis)('the live page tree, across instances', () => {
  it('a reader whose stream is on one instance hears of pages created and moved on another', async () => {
    const cluster = await perTest.start(2)
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
