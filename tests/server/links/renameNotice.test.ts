import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
const providers: TestProvider[] = []

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  for (const p of providers) p.destroy()
  await server.close()
})

describe('renaming a page', () => {
  it('tells everyone who has the page open, so their view shows the new title without a reload', async () => {
    const owner = await signUpUser(server.url)
    const { pageId } = await createSpaceWithPage(server.url, owner.token, { title: 'Working title' })
    const reader = await connectProvider(server.wsUrl, pageId, { token: owner.token })
    providers.push(reader)
    const notices: string[] = []
    reader.provider.on('stateless', ({ payload }: { payload: string }) => notices.push(payload))

    const renamed = await api(server.url, 'PATCH', `/api/pages/${pageId}`, { token: owner.token, body: { title: 'Final title' } })
    expect(renamed.status).toBe(200)
    await waitFor(() => notices.some((n) => JSON.parse(n).type === 'page'), 'the rename notice')
    expect(notices.map((n) => JSON.parse(n))).toContainEqual({ type: 'page', pageId })
  })
})
