import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storePageLinks } from '../../../server/links/linkIndexer.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { onPostgres } from '../../support/testDatabase.ts'

// Index runs and page changes racing on a Postgres server: an index run is held open in a
// transaction of the server's own pool (its links stored, not committed) while a page is
// created, renamed or deleted through the API. PGlite runs one statement at a time: no race.
let server: TestServer

beforeAll(async () => {
  if (!onPostgres) return
  server = await startTestServer()
  server.palimpsest.services.events.on('linksChanged', ({ pageId }) => { relinks.set(pageId, relinksOf(pageId) + 1) })
})
afterAll(async () => {
  await server?.close()
})

/** An index run of `pageId` storing links to `targets`, kept open until `commit()`. */
function heldIndexRun(pageId: string, targets: string[]) {
  let commit!: () => void
  const gate = new Promise<void>((resolve) => { commit = resolve })
  let stored!: () => void
  const storedPromise = new Promise<void>((resolve) => { stored = resolve })
  const done = server.palimpsest.services.db.transaction(async (tx) => {
    await storePageLinks(tx, pageId, targets.map((target) => ({ target, label: target, snippet: { text: target, from: 0, to: target.length } })))
    stored()
    await gate
  })
  // A failure before `stored` must not leave the test waiting.
  done.catch(() => stored())
  return { stored: storedPromise, commit: () => { commit(); return done } }
}

/** How many backends of this database wait for a lock (advisory, or a row another transaction holds). */
async function lockWaiters(): Promise<number> {
  const rows = await server.palimpsest.services.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)
  return rows[0].n
}

// Every `linksChanged` the server emitted, by page: the re-resolution after a page's create,
// rename or delete emits one (an index run emits none for links it stores from a test).
const relinks = new Map<string, number>()
const relinksOf = (pageId: string) => relinks.get(pageId) ?? 0

/** Resolves when the page's next re-resolution (after `before` of them) is done. */
const relinkedAfter = (pageId: string, before: number) => waitFor(() => relinksOf(pageId) > before, 'the links to be re-resolved')

async function setUp() {
  const alice = await signUpUser(server.url, 'alice')
  const { spaceId, pageId: notes } = await createSpaceWithPage(server.url, alice.token, { title: 'Notes' })
  // Each page's own creation is re-resolved before the test starts racing.
  await relinkedAfter(notes, 0)
  const call = (method: string, path: string, body?: unknown) => api(server.url, method, path, { token: alice.token, body })
  const createPage = async (title: string) => {
    const page = await call('POST', `/api/spaces/${spaceId}/pages`, { title })
    expect(page.status).toBe(201)
    await relinkedAfter(page.body.id, 0)
    return page.body.id as string
  }
  const linksOf = async (pageId: string) => (await call('GET', `/api/pages/${pageId}/links`)).body as { target: string; page: { id: string } | null }[]
  return { spaceId, notes, call, createPage, linksOf }
}

describe.skipIf(!onPostgres)('link indexing racing page changes', { timeout: 60_000 }, () => {
  it('a page created while an index run linking to its title is in flight turns that link blue', async () => {
    const { spaceId, notes, call, linksOf } = await setUp()
    const run = heldIndexRun(notes, ['Strike committee'])
    await run.stored
    // The run resolved the title before the page existed: its row says red, uncommitted.
    const created = await call('POST', `/api/spaces/${spaceId}/pages`, { title: 'Strike committee' })
    expect(created.status).toBe(201)
    // Either the re-resolution waits for the run (the guarantee), or it ran past it already.
    await waitFor(async () => relinksOf(created.body.id) > 0 || (await lockWaiters()) > 0, 'the re-resolution to wait for the run or to end')
    await run.commit()
    await relinkedAfter(created.body.id, 0)
    expect((await linksOf(notes)).map((l) => l.page?.id ?? null)).toEqual([created.body.id])
  })

  it('a page deleted while its own index run is in flight keeps none of the links that run stored', async () => {
    const { call, createPage } = await setUp()
    const target = await createPage('Petrov')
    const doomed = await createPage('Draft')
    const run = heldIndexRun(doomed, ['Petrov'])
    await run.stored
    const before = relinksOf(doomed)
    const deleted = call('DELETE', `/api/pages/${doomed}`)
    await waitFor(async () => relinksOf(doomed) > before || (await lockWaiters()) > 0, 'the delete to wait for the run or to end')
    await run.commit()
    expect((await deleted).status).toBe(204)
    await relinkedAfter(doomed, before)
    const backlinks = (await call('GET', `/api/pages/${target}/backlinks`)).body as { pageId: string }[]
    expect(backlinks.map((b) => b.pageId)).toEqual([])
    // Readers never see a deleted page's links; the index must not keep them either.
    const kept = await server.palimpsest.services.db.query('SELECT 1 FROM links WHERE source_page_id = $1', [doomed])
    expect(kept).toHaveLength(0)
  })

  it('index runs of two pages of a space linking to the same title do not wait for each other', async () => {
    const { notes, createPage, linksOf } = await setUp()
    const other = await createPage('Other notes')
    const first = heldIndexRun(notes, ['Hub'])
    await first.stored
    const second = heldIndexRun(other, ['Hub', 'Elsewhere'])
    // The second run stores and commits while the first still holds its transaction open.
    const finished = await Promise.race([
      second.stored.then(() => second.commit()).then(() => 'finished'),
      waitFor(async () => (await lockWaiters()) > 0, 'a run to wait for a lock').then(() => 'waiting'),
    ])
    expect(finished).toBe('finished')
    expect((await linksOf(other)).map((l) => l.target)).toEqual(['Hub', 'Elsewhere'])
    await first.commit()
  })

  it('renaming a page while its index run is in flight neither waits for the run nor loses the rename', async () => {
    const { notes, call } = await setUp()
    const run = heldIndexRun(notes, ['Strike committee'])
    await run.stored
    const before = relinksOf(notes)
    const renamed = await Promise.race([
      call('PATCH', `/api/pages/${notes}`, { title: 'Field notes' }).then((res) => res.status),
      waitFor(async () => (await lockWaiters()) > 0, 'the rename to wait for a lock').then(() => 'waiting'),
    ])
    expect(renamed).toBe(200)
    await relinkedAfter(notes, before)
    await run.commit()
    expect((await call('GET', `/api/pages/${notes}`)).body).toMatchObject({ title: 'Field notes' })
  })
})
