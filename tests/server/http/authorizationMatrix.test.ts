import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { features } from '../../../server/features.ts'
import { authRoutes } from '../../../server/http/routes/authRoutes.ts'
import { pageRoutes } from '../../../server/http/routes/pageRoutes.ts'
import { spaceRoutes } from '../../../server/http/routes/spaceRoutes.ts'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { KNOCKERS, must, setUpSpaceRoles, type Knocker, type RoleSpace, type SpaceRoles, type TestUser, type Visibility } from '../accounts/spaceRoles.ts'

/** Path and query parameters a route template is filled with. */
type Params = Record<'spaceId' | 'slug' | 'pageId' | 'pageSlug' | 'pageTitle' | 'username' | 'revisionId' | 'sourceId' | 'proposalId', string>

/** The status each knocker gets, in KNOCKERS order: anonymous, outsider, viewer, editor, owner. */
type Answers = [number, number, number, number, number]

interface Row {
  route: string
  public: Answers
  private: Answers
  body?: (n: number, space: RoleSpace) => unknown
  /** A body that is not JSON, sent as is with its media type (an import's zip). */
  raw?: { body: string; contentType: string }
  /** Makes a fresh target for one request (as the owner), so that one knocker's success does not change the next one's answer. */
  fresh?: (space: RoleSpace, n: number) => Promise<Partial<Params>>
}

let server: TestServer
let roles: SpaceRoles
let bystander: TestUser
let counter = 0
/** A named revision of each space's page, for the history routes. */
const revisionIds: Partial<Record<Visibility, string>> = {}
/** An open proposal on each space's page, for the proposal routes that change nothing. */
const proposalIds: Partial<Record<Visibility, string>> = {}

const same = (answers: Answers) => ({ public: answers, private: answers })

async function freshPage(space: RoleSpace, n: number): Promise<Partial<Params>> {
  const page = await must(server.url, 201, 'POST', `/api/spaces/${space.id}/pages`, { token: roles.users.owner.token, body: { title: `Scratch ${n}` } })
  return { pageId: page.body.id, pageSlug: page.body.slug }
}

async function freshSource(space: RoleSpace, n: number): Promise<Partial<Params>> {
  const source = await must(server.url, 201, 'POST', `/api/spaces/${space.id}/sources`, { token: roles.users.owner.token, body: { csl: { type: 'book', title: `Source ${n}` } } })
  return { sourceId: source.body.id }
}

/** A fresh open proposal on the space's page, by the editor or the owner (each stays under the hourly limit of proposals). */
function freshProposal(author: 'editor' | 'owner') {
  return async (space: RoleSpace): Promise<Partial<Params>> => {
    const proposal = await must(server.url, 201, 'POST', `/api/pages/${space.pageId}/proposals`, { token: roles.users[author].token, body: {} })
    return { proposalId: proposal.body.id }
  }
}

/** The viewer co-edits the owner's open proposal on the space's page (again). */
async function viewerCoEdits(space: RoleSpace): Promise<Partial<Params>> {
  const proposalId = proposalIds[space === roles.spaces.public ? 'public' : 'private']!
  await must(server.url, 204, 'PUT', `/api/proposals/${proposalId}/coeditors/${roles.users.viewer.username}`, { token: roles.users.owner.token })
  return { proposalId, username: roles.users.viewer.username }
}

async function bystanderAsViewer(space: RoleSpace): Promise<Partial<Params>> {
  await must(server.url, 200, 'PUT', `/api/spaces/${space.id}/members/${bystander.username}`, { token: roles.users.owner.token, body: { role: 'viewer' } })
  return { username: bystander.username }
}

// Every route of the accounts, spaces and pages API, and what each caller is answered.
// A private space is invisible (404) to those who may not read it; anonymous callers who
// may read but not act are asked to sign in (401); members lacking the role get 403.
//                                                                        anonymous outsider viewer editor owner
const MATRIX: Row[] = [
  { route: 'GET /api/auth/me', ...same([401, 200, 200, 200, 200]) },
  { route: 'GET /api/auth/session', ...same([200, 200, 200, 200, 200]) },
  { route: 'POST /api/spaces', ...same([401, 201, 201, 201, 201]), body: (n) => ({ name: `New group ${n}`, visibility: 'private' }) },
  { route: 'GET /api/spaces/:spaceId', public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'GET /api/spaces/by-slug/:slug', public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'PATCH /api/spaces/:spaceId', public: [401, 403, 403, 403, 200], private: [404, 404, 403, 403, 200], body: (_, space) => ({ name: space.name }) },
  { route: 'POST /api/spaces/:spaceId/join', public: [401, 403, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'GET /api/spaces/:spaceId/members', public: [401, 403, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'PUT /api/spaces/:spaceId/members/:username', public: [401, 403, 403, 403, 200], private: [404, 404, 403, 403, 200], body: () => ({ role: 'viewer' }), fresh: async () => ({ username: bystander.username }) },
  { route: 'DELETE /api/spaces/:spaceId/members/:username', public: [401, 403, 403, 403, 204], private: [404, 404, 403, 403, 204], fresh: bystanderAsViewer },
  { route: 'GET /api/spaces/:spaceId/pages', public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'POST /api/spaces/:spaceId/pages', public: [401, 403, 403, 201, 201], private: [404, 404, 403, 201, 201], body: (n) => ({ title: `Fresh page ${n}` }) },
  { route: 'GET /api/pages/:pageId', public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'GET /api/spaces/by-slug/:slug/pages/:pageSlug', public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'PATCH /api/pages/:pageId', public: [401, 403, 403, 200, 200], private: [404, 404, 403, 200, 200], body: (n) => ({ title: `Renamed ${n}` }), fresh: freshPage },
  { route: 'DELETE /api/pages/:pageId', public: [401, 403, 403, 204, 204], private: [404, 404, 403, 204, 204], fresh: freshPage },
  { route: 'PUT /api/pages/:pageId/position', public: [401, 403, 403, 200, 200], private: [404, 404, 403, 200, 200], body: () => ({ parentId: null, position: 0 }), fresh: freshPage },
]

// Every route the features add (history, links, search): reading needs read access, acting needs the editor role.
const read = { public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] } satisfies Pick<Row, 'public' | 'private'>
//                                                                        anonymous outsider viewer editor owner
const FEATURE_MATRIX: Row[] = [
  { route: 'GET /api/pages/:pageId/revisions', ...read },
  { route: 'POST /api/pages/:pageId/revisions', public: [401, 403, 403, 201, 201], private: [404, 404, 403, 201, 201], body: (n) => ({ name: `Version ${n}` }) },
  { route: 'GET /api/pages/:pageId/revisions/:revisionId', ...read },
  { route: 'POST /api/pages/:pageId/revisions/:revisionId/restore', public: [401, 403, 403, 201, 201], private: [404, 404, 403, 201, 201] },
  { route: 'GET /api/pages/:pageId/diff', ...read },
  { route: 'GET /api/pages/:pageId/blame', ...read },
  { route: 'GET /api/spaces/:spaceId/changes', ...read },
  { route: 'GET /api/pages/:pageId/backlinks', ...read },
  { route: 'GET /api/pages/:pageId/links', ...read },
  { route: 'GET /api/pages/:pageId/aliases', ...read },
  { route: 'GET /api/spaces/:spaceId/wanted', ...read },
  { route: 'GET /api/spaces/:spaceId/orphans', ...read },
  { route: 'GET /api/spaces/:spaceId/most-linked', ...read },
  { route: 'GET /api/spaces/:spaceId/titles', ...read },
  { route: 'GET /api/spaces/:spaceId/resolve?title=:pageTitle', ...read },
  { route: 'GET /api/spaces/:spaceId/resolutions?target=:pageTitle', ...read },
  { route: 'GET /api/pages/:pageId/preview', ...read },
  { route: 'GET /api/spaces/:spaceId/preview?target=:pageTitle', ...read },
  { route: 'GET /api/spaces/:spaceId/graph', ...read },
  { route: 'GET /api/pages/:pageId/graph', ...read },
  // The page tree a level at a time, the pages above a page, and the home's count and first page (tests/server/pages/pageTreeLevels.test.ts too).
  { route: 'GET /api/spaces/:spaceId/overview', ...read },
  { route: 'GET /api/spaces/:spaceId/tree', ...read },
  { route: 'GET /api/spaces/:spaceId/tree/ancestors/:pageId', ...read },
  // The watchlist is for signed-in readers: anonymous callers are asked to sign in where they may read.
  { route: 'GET /api/watchlist', ...same([401, 200, 200, 200, 200]) },
  { route: 'GET /api/watchlist/settings', ...same([401, 200, 200, 200, 200]) },
  { route: 'PUT /api/watchlist/settings', ...same([401, 200, 200, 200, 200]), body: () => ({ autoWatch: true }) },
  { route: 'GET /api/pages/:pageId/watch', public: [401, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'PUT /api/pages/:pageId/watch', public: [401, 200, 200, 200, 200], private: [404, 404, 200, 200, 200], body: () => ({ watching: true }) },
  { route: 'POST /api/watchlist/visits', ...same([401, 204, 204, 204, 204]), body: (_, space) => ({ pageId: space.pageId }) },
  { route: 'POST /api/pages/:pageId/visit', public: [401, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'GET /api/spaces/:spaceId/watch', public: [401, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] },
  { route: 'PUT /api/spaces/:spaceId/watch', public: [401, 200, 200, 200, 200], private: [404, 404, 200, 200, 200], body: () => ({ watching: true }) },
  { route: 'GET /api/pages/:pageId/threads', ...read },
  { route: 'POST /api/pages/:pageId/threads', public: [401, 403, 201, 201, 201], private: [404, 404, 201, 201, 201], body: (n) => ({ body: `A page-level thread ${n}` }) },
  { route: 'GET /api/pages/:pageId/thread-events', ...read },
  { route: 'GET /api/pages/:pageId/export?format=markdown', ...read },
  { route: 'GET /api/spaces/:spaceId/export', ...read },
  // An empty zip (its end-of-directory record alone): nothing to import, a report to answer.
  { route: 'POST /api/spaces/:spaceId/import', public: [401, 403, 403, 200, 200], private: [404, 404, 403, 200, 200], raw: { body: `PK\u0005\u0006${'\u0000'.repeat(18)}`, contentType: 'application/zip' } },
  { route: 'GET /api/spaces/:spaceId/sources', ...read },
  { route: 'POST /api/spaces/:spaceId/sources', public: [401, 403, 403, 201, 201], private: [404, 404, 403, 201, 201], body: (n) => ({ csl: { type: 'book', title: `Added ${n}` } }) },
  { route: 'POST /api/spaces/:spaceId/sources/import', public: [401, 403, 403, 201, 201], private: [404, 404, 403, 201, 201], body: (n) => ({ csl: [{ type: 'book', title: `Imported ${n}` }] }) },
  { route: 'GET /api/spaces/:spaceId/sources/export', ...read },
  { route: 'GET /api/spaces/:spaceId/sources/formatted?id=:sourceId', ...read, fresh: freshSource },
  { route: 'GET /api/spaces/:spaceId/citation-style', ...read },
  { route: 'PUT /api/spaces/:spaceId/citation-style', public: [401, 403, 403, 403, 200], private: [404, 404, 403, 403, 200], body: () => ({ style: 'chicago-author-date' }) },
  { route: 'GET /api/spaces/:spaceId/citation-needed', ...read },
  { route: 'GET /api/spaces/:spaceId/sources/:sourceId', ...read, fresh: freshSource },
  { route: 'PUT /api/spaces/:spaceId/sources/:sourceId', public: [401, 403, 403, 200, 200], private: [404, 404, 403, 200, 200], body: (n) => ({ csl: { type: 'book', title: `Changed ${n}` } }), fresh: freshSource },
  { route: 'DELETE /api/spaces/:spaceId/sources/:sourceId', public: [401, 403, 403, 204, 204], private: [404, 404, 403, 204, 204], fresh: freshSource },
  // Proposals: signed-in readers propose, readers see them, editors and owners merge or decline.
  { route: 'POST /api/pages/:pageId/proposals', public: [401, 201, 201, 201, 201], private: [404, 404, 201, 201, 201], body: () => ({}) },
  { route: 'GET /api/pages/:pageId/proposals', ...read },
  { route: 'GET /api/spaces/:spaceId/proposals', ...read },
  { route: 'GET /api/proposals/:proposalId', ...read },
  { route: 'POST /api/proposals/:proposalId/merge', public: [401, 403, 403, 200, 200], private: [404, 404, 403, 200, 200], body: () => ({}), fresh: freshProposal('editor') },
  { route: 'POST /api/proposals/:proposalId/decline', public: [401, 403, 403, 200, 200], private: [404, 404, 403, 200, 200], body: () => ({ reason: 'Not now.' }), fresh: freshProposal('owner') },
  // A proposal's discussion: readers read it, members (and its author) comment; the owner's proposal is retitled and staffed by the owner alone.
  { route: 'GET /api/proposals/:proposalId/comments', ...read },
  { route: 'POST /api/proposals/:proposalId/comments', public: [401, 403, 201, 201, 201], private: [404, 404, 201, 201, 201], body: (n) => ({ body: `Looks right ${n}.` }) },
  { route: 'PATCH /api/proposals/:proposalId', public: [401, 403, 403, 403, 200], private: [404, 404, 403, 403, 200], body: (n) => ({ title: `Fix ${n}` }) },
  { route: 'PUT /api/proposals/:proposalId/coeditors/:username', public: [401, 403, 403, 403, 204], private: [404, 404, 403, 403, 204] },
  // The viewer co-edits the owner's proposal again before each knock: only the owner removes them, or they leave themselves.
  { route: 'DELETE /api/proposals/:proposalId/coeditors/:username', public: [401, 403, 204, 403, 204], private: [404, 404, 204, 403, 204], fresh: viewerCoEdits },
]

// What each caller finds of the space in lists and searches that span spaces.
//                                                                        anonymous outsider viewer editor owner
const LISTINGS: { route: string; finds: (body: any, space: RoleSpace) => boolean; public: boolean[]; private: boolean[] }[] = [
  {
    route: 'GET /api/spaces', finds: (body: { id: string }[], space) => body.some((found) => found.id === space.id),
    public: [true, true, true, true, true], private: [false, false, true, true, true],
  },
  {
    route: 'GET /api/search?q=:pageTitle', finds: (body: { pageId: string }[], space) => body.some((found) => found.pageId === space.pageId),
    public: [true, true, true, true, true], private: [false, false, true, true, true],
  },
]

/** Routes whose answers do not depend on a space, tested in tests/server/accounts/ (authentication, signOutEverywhere). */
const TESTED_WITH_AUTHENTICATION = ['POST /api/auth/signup', 'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/logout-all', 'POST /api/auth/password']
/** A stream that stays open for readers, tested knocker by knocker in tests/server/pages/pageTree.test.ts. */
const TESTED_AS_STREAMS = [
  'GET /api/spaces/:spaceId/tree/events', 'GET /api/notifications/events', 'GET /api/spaces/:spaceId/graph/events',
  'GET /api/pages/:pageId/history/events', // tests/server/history/historyEvents.test.ts
  'GET /api/spaces/:spaceId/proposals/events', // tests/server/proposals/proposalDiscussion.test.ts
]
/** Routes named by a thread, comment or notification rather than a space or page, tested caller by caller (removed members included) in tests/server/discussion/. */
const TESTED_WITH_DISCUSSION = [
  'POST /api/threads/:threadId/comments', 'PUT /api/threads/:threadId/status', 'PATCH /api/comments/:commentId', 'DELETE /api/comments/:commentId',
  'GET /api/notifications', 'GET /api/notifications/unread', 'POST /api/notifications/:notificationId/read', 'POST /api/notifications/read',
]
/** Multipart uploads and the bytes they serve, tested knocker by knocker (removed members, deleted pages too) in tests/server/attachments/. */
const TESTED_AS_ATTACHMENTS = [
  'POST /api/pages/:pageId/attachments', 'GET /api/attachments/:id',
  'POST /api/proposals/:proposalId/attachments', // tests/server/proposals/proposalUploads.test.ts
]

function fill(template: string, params: Params): string {
  return template.replace(/:(\w+)/gu, (_, name: string) => encodeURIComponent((params as Record<string, string>)[name] ?? 'x'))
}

function spaceParams(space: RoleSpace): Params {
  const visibility = space === roles.spaces.public ? 'public' : 'private'
  return {
    spaceId: space.id, slug: space.slug, pageId: space.pageId, pageSlug: space.pageSlug, pageTitle: space.pageTitle,
    username: roles.users.viewer.username, revisionId: revisionIds[visibility] ?? 'x', sourceId: 'x', proposalId: proposalIds[visibility] ?? 'x',
  }
}

/** A route as Hono lists it: method and path, without the query. */
function routeKey(route: string): string {
  return route.split('?')[0]
}

/** Every API route the server runs: the core's and each feature's (method and path under /api). */
function allRoutes(): { method: string; path: string }[] {
  const { services } = server.palimpsest
  const modules = [authRoutes, spaceRoutes, pageRoutes, ...features().flatMap((feature) => feature.routes ?? [])]
  return modules.flatMap((routeModule) => routeModule(services).routes).filter((route) => route.method !== 'ALL')
}

/** One request per knocker, each on a fresh target when the row needs one; the statuses in KNOCKERS order. */
async function answersOf(row: Row, visibility: Visibility): Promise<number[]> {
  const [method, template] = row.route.split(' ')
  const space = roles.spaces[visibility]
  const statuses: number[] = []
  for (const knocker of KNOCKERS) {
    const n = ++counter
    const params = { ...spaceParams(space), ...(await row.fresh?.(space, n)) }
    const answer = await api(server.url, method, fill(template, params), {
      token: roles.token(knocker), body: row.body?.(n, space), rawBody: row.raw?.body, headers: row.raw ? { 'content-type': row.raw.contentType } : undefined,
    })
    statuses.push(answer.status)
  }
  return statuses
}

beforeAll(async () => {
  server = await startTestServer()
  roles = await setUpSpaceRoles(server.url)
  bystander = await signUpUser(server.url, 'bystander')
  for (const visibility of ['public', 'private'] as const) {
    const revision = await must(server.url, 201, 'POST', `/api/pages/${roles.spaces[visibility].pageId}/revisions`, { token: roles.users.owner.token, body: { name: 'Matrix' } })
    revisionIds[visibility] = revision.body.id
    const proposal = await must(server.url, 201, 'POST', `/api/pages/${roles.spaces[visibility].pageId}/proposals`, { token: roles.users.owner.token, body: {} })
    proposalIds[visibility] = proposal.body.id
  }
})
afterAll(() => server.close())

describe('the authorization matrix', () => {
  describe.each(['public', 'private'] as const)('in a %s space', (visibility) => {
    it.each([...MATRIX, ...FEATURE_MATRIX].map((row) => [row.route, row] as const))('%s answers anonymous, outsider, viewer, editor and owner as the table says', async (_, row) => {
      expect(await answersOf(row, visibility)).toEqual(row[visibility])
    })

    it.each(LISTINGS.map((row) => [row.route, row] as const))('%s shows the space to exactly those who may read it', async (route, row) => {
      const [method, template] = route.split(' ')
      const space = roles.spaces[visibility]
      const found: boolean[] = []
      for (const knocker of KNOCKERS) {
        const answer = await must(server.url, 200, method, fill(template, spaceParams(space)), { token: roles.token(knocker) })
        found.push(row.finds(answer.body, space))
      }
      expect(found).toEqual(row[visibility])
    })
  })

  it('has a row for every route of the API, features included (add one with every new route)', () => {
    const covered = new Set([...MATRIX, ...FEATURE_MATRIX, ...LISTINGS].map((row) => routeKey(row.route)).concat(TESTED_WITH_AUTHENTICATION, TESTED_AS_STREAMS, TESTED_WITH_DISCUSSION, TESTED_AS_ATTACHMENTS))
    expect(allRoutes().map(({ method, path }) => `${method} /api${path}`).filter((route) => !covered.has(route))).toEqual([])
  })

  it.each(['anonymous', 'outsider'] as Knocker[])('no route of any feature shows a private space or its pages to the %s caller', async (knocker) => {
    const secret = roles.spaces.private
    const leaks: string[] = []
    for (const { method, path } of allRoutes()) {
      // A stream stays open for whoever may hold it; streams are knocked on one by one in their own tests.
      if (TESTED_AS_STREAMS.includes(`${method} /api${path}`)) continue
      const namesPrivateThing = /:(spaceId|slug|pageId|pageSlug)\b/u.test(path)
      // Routes without a space or page in the path are asked about the private ones through the query.
      if (!namesPrivateThing && method !== 'GET') continue
      const url = `/api${fill(path, spaceParams(secret))}${namesPrivateThing ? '' : `?q=Quillwort&spaceId=${secret.id}`}`
      const answer = await api(server.url, method, url, { token: roles.token(knocker), body: method === 'GET' ? undefined : {} })
      const text = JSON.stringify(answer.body)
      if (namesPrivateThing && ![400, 401, 403, 404].includes(answer.status)) leaks.push(`${method} ${url} answered ${answer.status}`)
      if (text.includes('Quillwort') || text.includes(secret.name) || text.includes(secret.pageId)) leaks.push(`${method} ${url} showed ${text.slice(0, 200)}`)
    }
    expect(leaks).toEqual([])
  })
})
