import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiGraph } from '../../../shared/graphTypes.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { openServerEvents } from '../../support/serverEvents.ts'
import { appendLinkedParagraph, clearPage } from './linkWriting.ts'

// A public encyclopedia: Alpha → Beta, Alpha → "Red" (no page), Beta → Alpha, Gamma alone;
// a private group whose Secret page links to the encyclopedia's Alpha.
let server: TestServer
let owner: { token: string; username: string }
let member: { token: string; username: string }
let outsider: { token: string }
let wiki: { spaceId: string; spaceSlug: string; pageId: string }
let group: { spaceId: string; spaceSlug: string; pageId: string }
const ids: Record<string, string> = {}
const open: TestProvider[] = []

async function write(pageId: string, pieces: Parameters<typeof appendLinkedParagraph>[1], replace = false) {
  const p = await connectProvider(server.wsUrl, pageId, { token: owner.token })
  open.push(p)
  if (replace) clearPage(p.doc)
  appendLinkedParagraph(p.doc, pieces)
  await p.settled()
}

const graphOf = async (path: string, token: string | null = null) => {
  const answer = await api<ApiGraph>(server.url, 'GET', path, { token })
  expect(answer.status).toBe(200)
  return answer.body
}
/** A graph as sorted titles and "from → to" lines, red nodes marked. */
function shape(graph: ApiGraph) {
  const title = new Map(graph.nodes.map((n) => [n.id, n.missing ? `(${n.title})` : n.title]))
  return {
    nodes: [...title.values()].sort(),
    edges: graph.edges.map((e) => `${title.get(e.from)} → ${title.get(e.to)}`).sort(),
  }
}

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  member = await signUpUser(server.url, 'member')
  outsider = await signUpUser(server.url, 'outsider')
  wiki = await createSpaceWithPage(server.url, owner.token, { visibility: 'public', title: 'Alpha' })
  group = await createSpaceWithPage(server.url, owner.token, { visibility: 'private', title: 'Secret' })
  expect((await api(server.url, 'PUT', `/api/spaces/${group.spaceId}/members/${member.username}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200)
  ids.Alpha = wiki.pageId
  for (const title of ['Beta', 'Gamma']) ids[title] = (await api(server.url, 'POST', `/api/spaces/${wiki.spaceId}/pages`, { token: owner.token, body: { title } })).body.id
  await write(ids.Alpha, ['See ', { target: 'Beta' }, ' and ', { target: 'Red' }, '.'])
  await write(ids.Beta, ['Back to ', { target: 'alpha' }, '.'])
  await write(group.pageId, ['Our notes on ', { target: `${wiki.spaceSlug}:Alpha` }, '.'])
  await waitFor(async () => (await graphOf(`/api/pages/${ids.Alpha}/graph`, owner.token)).edges.length === 4, 'the links indexed')
})

afterAll(async () => {
  for (const p of open) p.destroy()
  await server?.close()
})

describe('the map of links', () => {
  it('maps a space: its pages, the links between them, its red links as missing nodes — and nothing of other spaces', async () => {
    expect(shape(await graphOf(`/api/spaces/${wiki.spaceId}/graph`))).toEqual({
      nodes: ['(Red)', 'Alpha', 'Beta', 'Gamma'],
      edges: ['Alpha → (Red)', 'Alpha → Beta', 'Beta → Alpha'],
    })
    const red = (await graphOf(`/api/spaces/${wiki.spaceId}/graph`)).nodes.find((n) => n.missing)
    expect(red).toMatchObject({ title: 'Red', spaceSlug: wiki.spaceSlug, missing: true })
  })

  it('shows a page’s neighbourhood to each reader as far as they may read, one more hop on demand', async () => {
    expect(shape(await graphOf(`/api/pages/${ids.Alpha}/graph`))).toEqual({
      nodes: ['(Red)', 'Alpha', 'Beta'],
      edges: ['Alpha → (Red)', 'Alpha → Beta', 'Beta → Alpha'],
    })
    expect(shape(await graphOf(`/api/pages/${ids.Alpha}/graph`, outsider.token)).nodes).not.toContain('Secret')
    expect(shape(await graphOf(`/api/pages/${ids.Alpha}/graph`, member.token))).toEqual({
      nodes: ['(Red)', 'Alpha', 'Beta', 'Secret'],
      edges: ['Alpha → (Red)', 'Alpha → Beta', 'Beta → Alpha', 'Secret → Alpha'],
    })
    // Gamma is two hops from Alpha once Beta links to it.
    await write(ids.Beta, ['And ', { target: 'Gamma' }, '.'])
    await waitFor(async () => (await graphOf(`/api/pages/${ids.Beta}/graph`)).edges.length === 2 + 1, 'Beta → Gamma')
    expect(shape(await graphOf(`/api/pages/${ids.Alpha}/graph`)).nodes).not.toContain('Gamma')
    expect(shape(await graphOf(`/api/pages/${ids.Alpha}/graph?depth=2`)).nodes).toContain('Gamma')
    expect((await api(server.url, 'GET', `/api/pages/${ids.Alpha}/graph?depth=3`)).status).toBe(400)
  })

  it('follows link edits and page creation, and tells the space’s open maps', async () => {
    const stream = await openServerEvents(server.url, `/api/spaces/${wiki.spaceId}/graph/events`, null)
    try {
      await stream.waitFor('ready')
      await write(ids.Alpha, ['Now only ', { target: 'Gamma' }, '.'], true)
      await stream.waitFor('graph', 1)
      await waitFor(async () => shape(await graphOf(`/api/spaces/${wiki.spaceId}/graph`)).edges.includes('Alpha → Gamma'), 'the edit mapped')
      expect(shape(await graphOf(`/api/spaces/${wiki.spaceId}/graph`)).edges).toEqual(['Alpha → Gamma', 'Beta → Alpha', 'Beta → Gamma'])
      await write(ids.Gamma, ['Wanted: ', { target: 'Delta' }, '.'])
      await waitFor(async () => shape(await graphOf(`/api/spaces/${wiki.spaceId}/graph`)).nodes.includes('(Delta)'), 'the red link mapped')
      const seen = stream.events.length
      await api(server.url, 'POST', `/api/spaces/${wiki.spaceId}/pages`, { token: owner.token, body: { title: 'Delta' } })
      await waitFor(async () => shape(await graphOf(`/api/spaces/${wiki.spaceId}/graph`)).edges.includes('Gamma → Delta'), 'the red link turned blue')
      await waitFor(async () => stream.events.length > seen, 'a map event for the new page')
    } finally {
      stream.close()
    }
  })

  it('answers 404 for a private space’s map and stream to outsiders and anonymous readers', async () => {
    for (const token of [null, outsider.token]) {
      expect((await api(server.url, 'GET', `/api/spaces/${group.spaceId}/graph`, { token })).status).toBe(404)
      expect((await api(server.url, 'GET', `/api/pages/${group.pageId}/graph`, { token })).status).toBe(404)
      const stream = await openServerEvents(server.url, `/api/spaces/${group.spaceId}/graph/events`, token)
      expect(stream.status).toBe(404)
      stream.close()
    }
    expect(shape(await graphOf(`/api/spaces/${group.spaceId}/graph`, member.token)).nodes).toEqual(['Secret'])
  })
})
