import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph } from './linkWriting.ts'

// One world for every test here: a public encyclopedia, and a private study group whose notes
// link into it (`space-slug:Title`), including to a title the encyclopedia lacks.
let server: TestServer
let owner: { token: string; username: string }
let member: { token: string; username: string }
let outsider: { token: string }
let encyclopedia: { spaceId: string; spaceSlug: string; pageId: string }
let group: { spaceId: string; spaceSlug: string; pageId: string }
let publicNote: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  member = await signUpUser(server.url, 'member')
  outsider = await signUpUser(server.url, 'outsider')
  encyclopedia = await createSpaceWithPage(server.url, owner.token, { visibility: 'public', title: 'Strike' })
  group = await createSpaceWithPage(server.url, owner.token, { visibility: 'private', title: 'Secret notes' })
  expect((await api(server.url, 'PUT', `/api/spaces/${group.spaceId}/members/${member.username}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200)
  publicNote = (await api(server.url, 'POST', `/api/spaces/${encyclopedia.spaceId}/pages`, { token: owner.token, body: { title: 'Public note' } })).body.id

  const notes = await connectProvider(server.wsUrl, group.pageId, { token: owner.token })
  appendLinkedParagraph(notes.doc, ['We read ', { target: `${encyclopedia.spaceSlug}:Strike`, label: 'the strike article' }, ' and want ',
    { target: `${encyclopedia.spaceSlug}:Hidden demand`, label: 'Hidden demand' }, '.'])
  const open = await connectProvider(server.wsUrl, publicNote, { token: owner.token })
  appendLinkedParagraph(open.doc, ['See ', { target: 'Strike' }, ' and ', { target: 'Public wish' }, '.'])
  await notes.settled()
  await open.settled()
  await waitFor(async () => (await api(server.url, 'GET', `/api/pages/${encyclopedia.pageId}/backlinks`, { token: owner.token })).body.length === 2, 'both backlinks')
  notes.destroy()
  open.destroy()
})

afterAll(async () => {
  await server?.close()
})

const as = (token: string | null) => (path: string) => api(server.url, 'GET', path, { token })
const readers = () => ({ anonymous: as(null), outsider: as(outsider.token), member: as(member.token) })

describe('permissions of links', () => {
  it('backlinks from a private page show only to readers of that page, snippet and all', async () => {
    const seen: Record<string, string[]> = {}
    for (const [who, get] of Object.entries(readers())) {
      const answer = await get(`/api/pages/${encyclopedia.pageId}/backlinks`)
      expect(answer.status).toBe(200)
      seen[who] = answer.body.map((b: { title: string }) => b.title).sort()
      if (who !== 'member') expect(JSON.stringify(answer.body)).not.toContain('strike article')
    }
    expect(seen).toEqual({ anonymous: ['Public note'], outsider: ['Public note'], member: ['Public note', 'Secret notes'] })
    const fromGroup = (await as(member.token)(`/api/pages/${encyclopedia.pageId}/backlinks`)).body.find((b: { title: string }) => b.title === 'Secret notes')
    expect(fromGroup).toMatchObject({ spaceSlug: group.spaceSlug, snippet: 'We read the strike article and want Hidden demand.' })
  })

  it('wanted pages count only links from readable pages', async () => {
    const wanted: Record<string, unknown> = {}
    for (const [who, get] of Object.entries(readers())) {
      wanted[who] = (await get(`/api/spaces/${encyclopedia.spaceId}/wanted`)).body.map((w: { title: string; pages: number }) => [w.title, w.pages])
    }
    expect(wanted).toEqual({
      anonymous: [['Public wish', 1]],
      outsider: [['Public wish', 1]],
      member: [['Hidden demand', 1], ['Public wish', 1]],
    })
  })

  it('most linked pages count only links from readable pages, each linking page once', async () => {
    const counts: Record<string, unknown> = {}
    for (const [who, get] of Object.entries(readers())) {
      counts[who] = (await get(`/api/spaces/${encyclopedia.spaceId}/most-linked`)).body.map((p: { title: string; pages: number }) => [p.title, p.pages])
    }
    expect(counts).toEqual({ anonymous: [['Strike', 1]], outsider: [['Strike', 1]], member: [['Strike', 2]] })
    expect((await as(outsider.token)(`/api/spaces/${group.spaceId}/most-linked`)).status).toBe(404)
  })

  it('a page linked only from a private page is an orphan to those who cannot read that page', async () => {
    const titles = async (get: (path: string) => Promise<{ body: { title: string }[] }>) =>
      (await get(`/api/spaces/${encyclopedia.spaceId}/orphans`)).body.map((p) => p.title)
    // "Strike" is linked from "Public note" too; "Public note" only from nowhere.
    expect(await titles(as(null))).toEqual(['Public note'])
    expect(await titles(as(member.token))).toEqual(['Public note'])
    const group2 = await createSpaceWithPage(server.url, owner.token, { visibility: 'private', title: 'Group home' })
    const spot = (await api(server.url, 'POST', `/api/spaces/${encyclopedia.spaceId}/pages`, { token: owner.token, body: { title: 'Quiet corner' } })).body.id
    const writer = await connectProvider(server.wsUrl, group2.pageId, { token: owner.token })
    appendLinkedParagraph(writer.doc, [{ target: `${encyclopedia.spaceSlug}:Quiet corner` }])
    await waitFor(async () => (await as(owner.token)(`/api/pages/${spot}/backlinks`)).body.length === 1, 'the private backlink')
    writer.destroy()
    expect(await titles(as(owner.token))).toEqual(['Public note'])
    expect(await titles(as(outsider.token))).toEqual(['Public note', 'Quiet corner'])
  })

  it('a private space’s links, wanted and orphaned pages are not found for anonymous readers and outsiders', async () => {
    for (const path of [
      `/api/pages/${group.pageId}/backlinks`, `/api/pages/${group.pageId}/links`, `/api/spaces/${group.spaceId}/wanted`,
      `/api/spaces/${group.spaceId}/orphans`, `/api/spaces/${group.spaceId}/titles?prefix=s`, `/api/spaces/${group.spaceId}/resolve?title=Secret%20notes`,
    ]) {
      expect((await as(null)(path)).status, path).toBe(404)
      expect((await as(outsider.token)(path)).status, path).toBe(404)
      expect((await as(member.token)(path)).status, path).toBe(200)
    }
  })

  it('titles and resolution never reveal a page in a space the caller may not read', async () => {
    const target = `${group.spaceSlug}:Secret notes`
    const resolve = `/api/spaces/${encyclopedia.spaceId}/resolve?title=${encodeURIComponent(target)}`
    expect((await as(outsider.token)(resolve)).status).toBe(404)
    expect((await as(null)(resolve)).status).toBe(404)
    expect((await as(member.token)(resolve)).body).toMatchObject({ pageId: group.pageId, spaceSlug: group.spaceSlug })

    const batch = `/api/spaces/${encyclopedia.spaceId}/resolutions?target=Strike&target=${encodeURIComponent(target)}`
    expect((await as(outsider.token)(batch)).body.map((r: { page: unknown }) => r.page !== null)).toEqual([true, false])
    expect((await as(member.token)(batch)).body.map((r: { page: unknown }) => r.page !== null)).toEqual([true, true])

    const suggest = (token: string | null, prefix: string) =>
      as(token)(`/api/spaces/${encyclopedia.spaceId}/titles?prefix=${encodeURIComponent(prefix)}`).then((r) => r.body.map((s: { target: string }) => s.target))
    expect(await suggest(member.token, `${group.spaceSlug}:sec`)).toEqual([`${group.spaceSlug}:Secret notes`])
    // The space prefix matches in any case, as titles do.
    expect(await suggest(member.token, `${group.spaceSlug.toUpperCase()}:Sec`)).toEqual([`${group.spaceSlug}:Secret notes`])
    expect(await suggest(outsider.token, `${group.spaceSlug.toUpperCase()}:Sec`)).toEqual([])
    expect(await suggest(outsider.token, `${group.spaceSlug}:sec`)).toEqual([])
    expect(await suggest(member.token, group.spaceSlug.slice(0, 4))).toContain(`${group.spaceSlug}:`)
    expect(await suggest(outsider.token, group.spaceSlug.slice(0, 4))).not.toContain(`${group.spaceSlug}:`)

    // The private page's own links show where they lead only to its readers.
    const links = (await as(member.token)(`/api/pages/${group.pageId}/links`)).body
    expect(links).toEqual([
      { target: `${encyclopedia.spaceSlug}:Strike`, label: 'the strike article', page: expect.objectContaining({ id: encyclopedia.pageId }) },
      { target: `${encyclopedia.spaceSlug}:Hidden demand`, label: 'Hidden demand', page: null },
    ])
  })

  it('a member who is removed stops seeing the backlinks of the space at once', async () => {
    const carol = await signUpUser(server.url, 'carol')
    await api(server.url, 'PUT', `/api/spaces/${group.spaceId}/members/${carol.username}`, { token: owner.token, body: { role: 'viewer' } })
    const titles = async () => (await as(carol.token)(`/api/pages/${encyclopedia.pageId}/backlinks`)).body.map((b: { title: string }) => b.title)
    expect(await titles()).toContain('Secret notes')
    expect((await api(server.url, 'DELETE', `/api/spaces/${group.spaceId}/members/${carol.username}`, { token: owner.token })).status).toBe(204)
    expect(await titles()).toEqual(['Public note'])
  })
})
