import { afterAll, beforeAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import { searchFeature } from '../../../server/features/searchFeature.ts'
import type { ApiSearchResult } from '../../../shared/searchApi.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { countIndexTransactions } from '../../support/countIndexTransactions.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

// A server with search as its only feature, its database wrapped to count the transactions an
// index run opens: the page's text needs none, the search document's rebuild one — and none
// for a run that comes within the pacing interval of the last, whose rebuild follows on its own.
let server: TestServer
let index: (pageId: string, doc: Y.Doc) => Promise<number>

beforeAll(async () => {
  server = await startTestServer({ features: [searchFeature()] })
  index = countIndexTransactions(server.palimpsest.services)
})
afterAll(() => server?.close())

it('rebuilds a page’s search document in its first index run, and folds the runs right after it into one rebuild later', async () => {
  const user = await signUpUser(server.url, 'pacer')
  const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Paced page' })
  const found = async (word: string) =>
    ((await api<ApiSearchResult[]>(server.url, 'GET', `/api/search?q=${word}`, { token: user.token })).body).some((r) => r.pageId === pageId)
  const doc = new Y.Doc()
  appendParagraph(doc, 'An early word: quinquennial.')
  expect(await index(pageId, doc)).toBe(1)
  expect(await found('quinquennial')).toBe(true)

  appendParagraph(doc, 'A later word: sesquipedalian.')
  expect(await index(pageId, doc)).toBe(0)
  appendParagraph(doc, 'And a last one: antepenultimate.')
  expect(await index(pageId, doc)).toBe(0)
  await waitFor(async () => (await found('antepenultimate')) || null, 'the paced rebuild to index the last word')
  expect(await found('sesquipedalian')).toBe(true)
})
