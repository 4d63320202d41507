import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createPageForTwo, type ApiAnswer } from '../../support/api.ts'
import { waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { onPostgres } from '../../support/testDatabase.ts'

let server: TestServer
let place: Awaited<ReturnType<typeof createPageForTwo>>

beforeAll(async () => {
  server = await startTestServer()
  place = await createPageForTwo(server.url)
})
afterAll(() => server.close())

async function createPage(title: string, token = place.ann.token): Promise<ApiAnswer> {
  return api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token, body: { title } })
}

/**
 * Runs `requests` while another transaction holds an uncommitted page with `title`, so that
 * every request passes its own checks and then waits on the unique index; rolls that page
 * back once all of them wait. They then race for the title as closely as Postgres allows.
 */
async function raceBehindUncommitted(title: string, requests: () => Promise<ApiAnswer>[]): Promise<ApiAnswer[]> {
  const { db } = server.palimpsest.services
  let answers: Promise<ApiAnswer[]> | undefined
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO pages (space_id, title, title_key, slug) VALUES ($1, $2, lower($2), 'held')`, [place.spaceId, title])
    const started = requests()
    answers = Promise.all(started)
    await waitFor(async () => {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
      return row.n === started.length
    }, 'every request to wait on the held title')
    throw new Error('roll back the held page')
  }).catch((error: Error) => { if (error.message !== 'roll back the held page') throw error })
  return answers!
}

describe('requests racing for one title', () => {
  it('20 concurrent creations of one title: exactly one 201, the rest 409 title_taken, and one page', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      createPage(i % 2 ? 'Strike Committee' : 'strike  committee', i % 2 ? place.bob.token : place.ann.token)))
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(19).fill(409)])
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.error.id).toBe('title_taken')
    const list = await api(server.url, 'GET', `/api/spaces/${place.spaceId}/pages`, { token: place.ann.token })
    expect(list.body.filter((p: { title: string }) => /^strike\s+committee$/iu.test(p.title))).toHaveLength(1)
  })

  // PGlite runs one statement at a time: nothing races there, and a held transaction would block every request.
  it.skipIf(!onPostgres)('renames of several pages to one title, at the same moment: exactly one 200, the rest 409 title_taken', async () => {
    const pages = await Promise.all(Array.from({ length: 5 }, (_, i) => createPage(`Leaflet ${i}`)))
    const answers = await raceBehindUncommitted('the leaflet', () => pages.map((page, i) =>
      api(server.url, 'PATCH', `/api/pages/${page.body.id}`, { token: i % 2 ? place.bob.token : place.ann.token, body: { title: 'The Leaflet' } })))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409])
    for (const answer of answers.filter((a) => a.status === 409)) expect(answer.body.error.id).toBe('title_taken')
  })

  it.skipIf(!onPostgres)('a rename and creations of one title at the same moment: one succeeds, the others get 409 title_taken', async () => {
    const page = await createPage('Draft of the appeal')
    const answers = await raceBehindUncommitted('appeal', () => [
      api(server.url, 'PATCH', `/api/pages/${page.body.id}`, { token: place.bob.token, body: { title: 'Appeal' } }),
      ...Array.from({ length: 4 }, () => createPage('Appeal')),
    ])
    const refused = answers.filter((a) => a.status === 409)
    expect(refused).toHaveLength(4)
    for (const answer of refused) expect(answer.body.error.id).toBe('title_taken')
    expect([200, 201]).toContain(answers.find((a) => a.status !== 409)?.status)
  })
})
