import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, waitFor } from '../../support/providers.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { openServerEvents } from '../../support/serverEvents.ts'
import { clusterPerTest } from './clusterPerTest.ts'

const redis = await scaleOutRedis()

const perTest = clusterPerTest(redis)
const { providers } = perTest

describe.skipIf(!redis)('discussion across instances', () => {
  it('a thread opened on one instance reaches a reader’s open page on another; their reply reaches the author’s inbox back', async () => {
    const cluster = await perTest.start(2)
    const [first, second] = cluster.instances
    const ann = await signUpUser(first.url, 'ann')
    const bob = await signUpUser(first.url, 'bob')
    const { spaceId, pageId } = await createSpaceWithPage(first.url, ann.token)
    expect((await api(first.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token, body: { role: 'viewer' } })).status).toBe(200)

    const annClient = await connectProvider(first.wsUrl, pageId, { token: ann.token })
    providers.push(annClient)
    annClient.doc.transact(() => appendParagraph(annClient.doc, 'The square was washed clean overnight.'))
    await annClient.settled()
    // Bob reads the page on the other instance and hears its notices.
    const bobClient = await connectProvider(second.wsUrl, pageId, { token: bob.token })
    providers.push(bobClient)
    const notices: string[] = []
    bobClient.provider.on('stateless', ({ payload }: { payload: string }) => notices.push(payload))
    const annInbox = await openServerEvents(first.url, '/api/notifications/events', ann.token)
    try {
      await annInbox.waitFor('ready')
      await waitFor(() => bobClient.doc.getXmlFragment('default').length > 0, 'bob to see the text')

      const opened = await api(first.url, 'POST', `/api/pages/${pageId}/threads`, { token: ann.token, body: { body: 'Who ordered it?', quote: 'washed clean' } })
      expect(opened.status).toBe(201)
      await waitFor(() => notices.some((n) => JSON.parse(n).type === 'threads'), 'bob’s page to hear of the thread')
      const seen = await api(second.url, 'GET', `/api/pages/${pageId}/threads`, { token: bob.token })
      expect(seen.body.map((t: { id: string }) => t.id)).toEqual([opened.body.id])
      expect(seen.body[0].anchor).not.toBeNull()

      const reply = await api(second.url, 'POST', `/api/threads/${opened.body.id}/comments`, { token: bob.token, body: { body: 'The city committee.' } })
      expect(reply.status).toBe(201)
      await annInbox.waitFor('inbox')
      const inbox = await api(first.url, 'GET', '/api/notifications', { token: ann.token })
      expect(inbox.body[0]).toMatchObject({ kind: 'reply', threadId: opened.body.id, actor: bob.username, read: false })
    } finally {
      annInbox.close()
    }
  })
})
