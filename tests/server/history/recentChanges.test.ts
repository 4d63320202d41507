import { describe, expect, it } from 'vitest'
import type { ApiRecentChange } from '../../../shared/historyTypes.ts'
import { api, createPageForTwo } from '../../support/api.ts'
import { appendParagraph } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { revisionsOf, startHistoryServer, waitForRevisions } from './historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

describe('recent changes', { timeout: 120_000 }, () => {
  it('lists the latest revisions across a space’s pages with page, authors, summary and size, filterable by user', async () => {
    const server = await perTest.start()
    const { ann: alice, bob, spaceId, pageId } = await createPageForTwo(server.url, 'Strike')
    const other = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: bob.token, body: { title: 'Aftermath' } })

    const write = async (token: string, id: string, text: string, count: number) => {
      const p = await perTest.connect(id, { token })
      appendParagraph(p.doc, text)
      await p.settled()
      p.destroy()
      await waitForRevisions(perTest.server().url, id, count, token)
    }
    await write(alice.token, pageId, 'The strike began on 1 June.', 1)
    await write(bob.token, other.body.id, 'Trials followed.', 1)
    await write(bob.token, pageId, 'Workers marched.', 2)
    const named = await api(server.url, 'POST', `/api/pages/${pageId}/revisions`, { token: alice.token, body: { name: 'Checked', summary: 'Dates checked against the archive' } })
    expect(named.status).toBe(201)

    const all = await api<ApiRecentChange[]>(server.url, 'GET', `/api/spaces/${spaceId}/changes`, { token: alice.token })
    expect(all.status).toBe(200)
    expect(all.body.map((c) => [c.page.title, c.number, c.authors.map((a) => a.username)])).toEqual([
      ['Strike', 2, [bob.username]],
      ['Aftermath', 1, [bob.username]],
      ['Strike', 1, [alice.username]],
    ])
    // Naming the state the page already had names its latest revision rather than adding an empty one.
    expect(all.body[0]).toMatchObject({ name: 'Checked', summary: 'Dates checked against the archive', charsAdded: 'Workers marched.'.length, wordsAdded: 2 })
    expect((await revisionsOf(server.url, pageId, alice.token)).length).toBe(2)

    const byAlice = await api<ApiRecentChange[]>(server.url, 'GET', `/api/spaces/${spaceId}/changes?user=${alice.username}`, { token: bob.token })
    expect(byAlice.body.map((c) => [c.page.id, c.number])).toEqual([[pageId, 1]])
    const nobody = await api<ApiRecentChange[]>(server.url, 'GET', `/api/spaces/${spaceId}/changes?user=nobody_here`, { token: bob.token })
    expect(nobody.body).toEqual([])
    const older = await api<ApiRecentChange[]>(server.url, 'GET', `/api/spaces/${spaceId}/changes?limit=1&before=${encodeURIComponent(all.body[0].createdAt)}`, { token: bob.token })
    expect(older.body.map((c) => c.page.title)).toEqual(['Aftermath'])
    expect((await api(server.url, 'GET', `/api/spaces/${spaceId}/changes?limit=0`, { token: bob.token })).status).toBe(400)
  })

  it('starts every seeded page’s history with a revision by the seed author', async () => {
    const server = await perTest.start({ seed: true })
    const spaces = await api(server.url, 'GET', '/api/spaces')
    const seeded = spaces.body.find((s: { slug: string }) => s.slug === 'novocherkassk-1962')
    const changes = await api<ApiRecentChange[]>(server.url, 'GET', `/api/spaces/${seeded.id}/changes?limit=200`)
    const pages = await api(server.url, 'GET', `/api/spaces/${seeded.id}/pages`)
    expect(changes.body.length).toBe(pages.body.length)
    for (const change of changes.body) {
      expect(change).toMatchObject({ number: 1, kind: 'seed', charsRemoved: 0 })
      expect(change.authors.map((a) => a.username)).toEqual(['Palimpsest seed'])
      expect(change.words).toBeGreaterThan(50)
    }
  })
})
