import { effectScope } from 'vue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onPageNotice, usePageNotices } from '../../client/composables/usePageNotices.ts'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { connectProvider, waitFor } from '../support/providers.ts'
import { startTestServer, type TestServer } from '../support/startTestServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

describe('page notices in a tab', () => {
  it('ask every panel of the page to refetch once the page first syncs, and again after a reconnect', async () => {
    const owner = await signUpUser(server.url, 'noticed')
    const { pageId } = await createSpaceWithPage(server.url, owner.token)
    const opened = await connectProvider(server.wsUrl, pageId, { token: owner.token, waitForSync: false })
    const heard: string[] = []
    const scope = effectScope()
    try {
      scope.run(() => {
        // The panels listen from the start, as a page view's do; what they fetched before the
        // connection could hear notices may be stale by the time it syncs.
        usePageNotices(opened.provider)
        onPageNotice(() => pageId, 'backlinks', () => heard.push('backlinks'))
        onPageNotice(() => pageId, 'threads', () => heard.push('threads'))
      })
      await waitFor(() => opened.provider.isSynced, 'the first sync')
      expect(heard.sort()).toEqual(['backlinks', 'threads'])

      opened.socket.disconnect()
      await waitFor(() => !opened.provider.isSynced, 'the connection to drop')
      await opened.socket.connect()
      await waitFor(() => heard.length === 4, 'a refetch after the reconnect')
      expect(heard.sort()).toEqual(['backlinks', 'backlinks', 'threads', 'threads'])
    } finally {
      scope.stop()
      opened.destroy()
    }
  })
})
