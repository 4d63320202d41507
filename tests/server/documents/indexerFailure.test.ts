import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Feature } from '../../../server/core/Feature.ts'
import { features as allFeatures } from '../../../server/features.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor } from '../../support/providers.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph } from '../links/linkWriting.ts'

// An indexer that writes, then fails — on pages titled "Fragile" only. It runs after the page's
// text and before links and search (features add their indexers in order).
const failing: Feature = {
  indexers: () => [async function fragile({ pageId, tx }) {
    const [page] = await tx.query<{ title: string }>('SELECT title FROM pages WHERE id = $1', [pageId])
    if (page?.title !== 'Fragile') return
    await tx.query('UPDATE pages SET title = $2 WHERE id = $1', [pageId, 'Half-written'])
    throw new Error('this indexer fails on purpose')
  }],
}

// Alone, each indexer writes in a transaction of its own; scaled out (REDIS_URL, Postgres and
// Redis needed), a run writes in one transaction with a savepoint per indexer.
const redis = await scaleOutRedis()
const setUps: { name: string; env: Record<string, string> }[] = [
  { name: 'alone', env: {} },
  ...(redis ? [{ name: 'scaled out', env: { REDIS_URL: redis } }] : []),
]

describe.each(setUps)('an index run with a failing indexer ($name)', ({ env }) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({ env, features: [failing, ...allFeatures()] })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('undoes what that indexer wrote, and the others still index the page', async () => {
    const ann = await signUpUser(server.url, 'ann')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, ann.token, { title: 'Fragile' })
    const target = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: ann.token, body: { title: 'Strike' } })
    expect(target.status).toBe(201)
    const provider = await connectProvider(server.wsUrl, pageId, { token: ann.token })
    try {
      appendLinkedParagraph(provider.doc, ['The ', { target: 'Strike' }, ' began at the plant.'])
      await provider.settled()
      // Links and search come after the failing indexer: they still ran.
      await waitFor(async () => (await api(server.url, 'GET', `/api/pages/${target.body.id}/backlinks`, { token: ann.token })).body?.length === 1, 'the link to reach the backlinks')
      await waitFor(async () => (await api(server.url, 'GET', `/api/search?q=plant&spaceId=${spaceId}`, { token: ann.token })).body?.some?.((r: { pageId: string }) => r.pageId === pageId), 'the page to be found by its text')
      // The failing indexer's own write was undone.
      const page = await api(server.url, 'GET', `/api/pages/${pageId}`, { token: ann.token })
      expect(page.body.title).toBe('Fragile')
    } finally {
      provider.destroy()
    }
  })
})
