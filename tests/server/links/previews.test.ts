import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph } from './linkWriting.ts'

// A public encyclopedia whose "Strike" page has a heading-like line and two paragraphs, and a
// private study group (owner; a viewer member; an outsider) whose notes link into it.
let server: TestServer
let owner: { token: string; username: string }
let viewer: { token: string; username: string }
let editor: { token: string; username: string }
let outsider: { token: string }
let encyclopedia: { spaceId: string; spaceSlug: string; pageId: string }
let group: { spaceId: string; spaceSlug: string; pageId: string }

const FIRST = 'On 1 June 1962 the workers of the locomotive works stopped work over prices and pay.'

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  viewer = await signUpUser(server.url, 'viewer')
  editor = await signUpUser(server.url, 'editor')
  outsider = await signUpUser(server.url, 'outsider')
  encyclopedia = await createSpaceWithPage(server.url, owner.token, { visibility: 'public', title: 'Strike' })
  group = await createSpaceWithPage(server.url, owner.token, { visibility: 'private', title: 'Secret notes' })
  for (const [who, role] of [[viewer, 'viewer'], [editor, 'editor']] as const) await grantRole(server.url, owner.token, group.spaceId, who.username, role)
  const strike = await connectProvider(server.wsUrl, encyclopedia.pageId, { token: owner.token })
  appendLinkedParagraph(strike.doc, ['Background'])
  appendLinkedParagraph(strike.doc, [FIRST])
  appendLinkedParagraph(strike.doc, ['The second paragraph ', 'x'.repeat(400)])
  const notes = await connectProvider(server.wsUrl, group.pageId, { token: owner.token })
  appendLinkedParagraph(notes.doc, ['Our reading of the strike and its archive of letters.'])
  await strike.settled()
  await notes.settled()
  await waitFor(async () => (await api(server.url, 'GET', `/api/pages/${encyclopedia.pageId}/preview`)).body.excerpt === FIRST, 'the excerpt')
  await waitFor(async () => (await api(server.url, 'GET', `/api/pages/${group.pageId}/preview`, { token: owner.token })).body.excerpt !== '', 'the notes')
  strike.destroy()
  notes.destroy()
})

afterAll(async () => {
  await server?.close()
})

const get = (token: string | null, path: string) => api(server.url, 'GET', path, { token })

describe('page previews', () => {
  it('shows title, first paragraph and last change of a public page to anyone, signed in or not', async () => {
    for (const token of [null, outsider.token]) {
      const answer = await get(token, `/api/pages/${encyclopedia.pageId}/preview`)
      expect(answer.status).toBe(200)
      expect(answer.body).toMatchObject({ pageId: encyclopedia.pageId, title: 'Strike', excerpt: FIRST, spaceSlug: encyclopedia.spaceSlug })
      expect(Number.isNaN(Date.parse(answer.body.updatedAt))).toBe(false)
    }
  })

  it('answers 404 for a private page to outsiders and anonymous readers, and previews it to its members', async () => {
    for (const token of [null, outsider.token]) {
      const answer = await get(token, `/api/pages/${group.pageId}/preview`)
      expect(answer.status).toBe(404)
      expect(JSON.stringify(answer.body)).not.toContain('Secret')
    }
    expect((await get(viewer.token, `/api/pages/${group.pageId}/preview`)).body).toMatchObject({
      title: 'Secret notes', excerpt: 'Our reading of the strike and its archive of letters.',
    })
    expect((await get(null, '/api/pages/not-a-page/preview')).status).toBe(404)
  })
})

describe('link target previews', () => {
  const preview = (token: string | null, spaceId: string, target: string) =>
    get(token, `/api/spaces/${spaceId}/preview?target=${encodeURIComponent(target)}`)

  it('previews the page a link leads to, across spaces and in any case', async () => {
    const answer = await preview(viewer.token, group.spaceId, `${encyclopedia.spaceSlug}:strike`)
    expect(answer.body).toMatchObject({ state: 'page', title: 'Strike', preview: { pageId: encyclopedia.pageId, excerpt: FIRST } })
  })

  it('says a red link has no page, and offers to create it only to those who may', async () => {
    const offers: Record<string, unknown> = {}
    for (const [who, token] of Object.entries({ viewer: viewer.token, editor: editor.token, owner: owner.token })) {
      const answer = await preview(token, group.spaceId, 'Letters to Khrushchev')
      expect(answer.body).toMatchObject({ state: 'missing', title: 'Letters to Khrushchev', preview: null, spaceSlug: group.spaceSlug })
      offers[who] = answer.body.canCreate
    }
    expect(offers).toEqual({ viewer: false, editor: true, owner: true })
    expect((await preview(null, encyclopedia.spaceId, 'Nowhere yet')).body).toMatchObject({ state: 'missing', canCreate: false })
  })

  it('tells nothing but the title of a link into a space the reader may not read, exactly as for a space that does not exist', async () => {
    const hidden = await preview(null, encyclopedia.spaceId, `${group.spaceSlug}:Secret notes`)
    expect(hidden.body).toEqual({ target: `${group.spaceSlug}:Secret notes`, state: 'hidden', title: 'Secret notes', preview: null, canCreate: false, spaceSlug: null })
    const none = await preview(null, encyclopedia.spaceId, 'no-such-space-here:Secret notes')
    expect({ ...none.body, target: null }).toEqual({ ...hidden.body, target: null })
    expect((await preview(outsider.token, encyclopedia.spaceId, `${group.spaceSlug}:Secret notes`)).body.state).toBe('hidden')
    expect((await preview(viewer.token, encyclopedia.spaceId, `${group.spaceSlug}:Secret notes`)).body).toMatchObject({ state: 'page', preview: { pageId: group.pageId } })
  })

  it('answers 404 for a space the caller may not read', async () => {
    expect((await preview(outsider.token, group.spaceId, 'Secret notes')).status).toBe(404)
    expect((await preview(null, group.spaceId, 'Secret notes')).status).toBe(404)
  })
})
