import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../../server/core/db/openDb.ts'
import { restoreBackup } from '../../../server/transfer/restoreBackup.ts'
import { writeBackup } from '../../../server/transfer/writeBackup.ts'
import { api, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { createPgliteTestDatabase, createTestDatabase, onPostgres, type TestDatabase } from '../../support/testDatabase.ts'

// The seeded instance on PGlite, with edits by a member, a named version and a rename, is
// backed up and restored into an empty PGlite and (with TEST_DATABASE_URL) an empty Postgres:
// everything history shows — revisions, each revision's content, diff, blame — is the same.
const folder = mkdtempSync(join(tmpdir(), 'palimpsest-backup-'))
const backupFile = join(folder, 'instance.backup')
let before: Awaited<ReturnType<typeof readState>>
let member: { username: string; token: string }

/** An empty PGlite database: a copy of PGlite's first start, without Palimpsest's tables. */
function pgliteDatabase(): Promise<TestDatabase> {
  return createPgliteTestDatabase({ bare: true })
}

/** What readers and editors see of the seeded space's history, through the API. */
async function readState(url: string) {
  const [space] = (await api(url, 'GET', '/api/spaces')).body
  const pages = ((await api(url, 'GET', `/api/spaces/${space.id}/pages`)).body as { id: string; title: string }[]).sort((a, b) => a.title.localeCompare(b.title))
  const edited = pages.find((p) => p.title === 'Vladimir Kozlov (historian)')!
  const revisions = (await api(url, 'GET', `/api/pages/${edited.id}/revisions`)).body as { id: string }[]
  const contents = []
  for (const revision of revisions) contents.push((await api(url, 'GET', `/api/pages/${edited.id}/revisions/${revision.id}`)).body)
  return {
    space, pages, revisions, contents,
    diff: (await api(url, 'GET', `/api/pages/${edited.id}/diff?from=${revisions.at(-1)!.id}&to=${revisions[0].id}`)).body,
    blame: (await api(url, 'GET', `/api/pages/${edited.id}/blame`)).body,
    aliases: (await api(url, 'GET', `/api/pages/${edited.id}/aliases`)).body,
    links: (await api(url, 'GET', `/api/pages/${edited.id}/links`)).body,
    backlinks: (await api(url, 'GET', `/api/pages/${edited.id}/backlinks`)).body,
    // The home's page count, which triggers keep as the restored pages go in.
    overview: (await api(url, 'GET', `/api/spaces/${space.id}/overview`)).body,
  }
}

beforeAll(async () => {
  const source = await pgliteDatabase()
  const server: TestServer = await startTestServer({ seed: true, database: source })
  member = await signUpUser(server.url, 'member')
  const [space] = (await api(server.url, 'GET', '/api/spaces')).body
  expect((await api(server.url, 'POST', `/api/spaces/${space.id}/join`, { token: member.token })).status).toBe(200)
  const pages = (await api(server.url, 'GET', `/api/spaces/${space.id}/pages`)).body as { id: string; title: string }[]
  const page = pages.find((p) => p.title === 'Vladimir Kozlov')!
  const renamed = await api(server.url, 'PATCH', `/api/pages/${page.id}`, { token: member.token, body: { title: 'Vladimir Kozlov (historian)' } })
  expect(renamed.status).toBe(200)
  const writer = await connectProvider(server.wsUrl, page.id, { token: member.token })
  appendParagraph(writer.doc, 'A paragraph the member added before the backup.')
  await writer.settled()
  expect((await api(server.url, 'POST', `/api/pages/${page.id}/revisions`, { token: member.token, body: { name: 'Before the move' } })).status).toBe(201)
  appendParagraph(writer.doc, 'And one more, after the named version.')
  await writer.settled()
  writer.destroy()
  expect((await api(server.url, 'POST', `/api/pages/${page.id}/revisions`, { token: member.token, body: { name: 'Latest' } })).status).toBe(201)
  before = await readState(server.url)
  await server.stop()

  const db = await openDb(source.target)
  const lines: string[] = []
  await writeBackup(db, backupFile, { onProgress: (done, total) => lines.push(`${done}/${total}`) })
  await db.close()
  await source.drop()
  expect(lines.at(-1)).toMatch(/^(\d+)\/\1$/u)
}, 180_000)

afterAll(() => rmSync(folder, { recursive: true, force: true }))

const engines: [string, () => TestDatabase | Promise<TestDatabase>][] = [['PGlite', pgliteDatabase]]
if (onPostgres) engines.push(['Postgres', createTestDatabase])

describe.each(engines)('backup of a PGlite instance restored into an empty %s', (_engine, makeDatabase) => {
  let server: TestServer

  beforeAll(async () => {
    const database = await makeDatabase()
    const db = await openDb(database.target)
    await restoreBackup(db, backupFile)
    await db.close()
    server = await startTestServer({ database })
  }, 180_000)

  afterAll(async () => {
    await server?.close()
  })

  it('keeps every revision, each revision’s content, diff, blame, aliases and links identical', async () => {
    const after = await readState(server.url)
    expect(after.revisions.length).toBeGreaterThanOrEqual(3)
    expect(after).toEqual(before)
  })

  it('keeps accounts (the member signs in with their password) and memberships, and new edits go on', async () => {
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: member.username, password: 'correct horse battery' } })
    expect(login.status).toBe(200)
    const page = before.pages.find((p) => p.title === 'Vladimir Kozlov (historian)')!
    const writer = await connectProvider(server.wsUrl, page.id, { token: login.body.token })
    appendParagraph(writer.doc, 'Written after the restore.')
    await writer.settled()
    writer.destroy()
    const named = await api(server.url, 'POST', `/api/pages/${page.id}/revisions`, { token: login.body.token, body: { name: 'After the move' } })
    expect(named.status).toBe(201)
  })
})

describe('refused backups', () => {
  it('refuses a backup from a newer schema, and one that is not a backup, leaving the database empty', async () => {
    const database = await pgliteDatabase()
    const db = await openDb(database.target)
    try {
      const newer = join(folder, 'newer.backup')
      writeFileSync(newer, gzipSync(`${JSON.stringify({ format: 'palimpsest-backup', version: 1, migrations: ['0001_init.sql', '9999_from_the_future.sql'], createdAt: new Date().toISOString(), space: null, tables: {} })}\n`))
      await expect(restoreBackup(db, newer)).rejects.toThrow('The backup comes from a newer version of Palimpsest (schema 9999_from_the_future.sql); upgrade this one first.')
      const junk = join(folder, 'junk.backup')
      writeFileSync(junk, gzipSync('hello\n'))
      await expect(restoreBackup(db, junk)).rejects.toThrow('That is not a Palimpsest backup')
      expect(await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'pages'")).toEqual([])
    } finally {
      await db.close()
      await database.drop()
    }
  })

  it('refuses to restore into a database that holds content', async () => {
    const server = await startTestServer({ seed: true })
    await server.stop()
    const db = await openDb(server.database.target)
    try {
      await expect(restoreBackup(db, backupFile)).rejects.toThrow('The database already holds accounts or spaces')
    } finally {
      await db.close()
      await server.database.drop()
    }
  })
})

describe('backup of one space (--space)', () => {
  it('carries that space, its pages’ history and the accounts it needs, and nothing of other spaces', async () => {
    const server = await startTestServer({ seed: true })
    const owner = await signUpUser(server.url, 'owner')
    const secret = (await api(server.url, 'POST', '/api/spaces', { token: owner.token, body: { name: 'Secret group', visibility: 'private' } })).body
    const note = (await api(server.url, 'POST', `/api/spaces/${secret.id}/pages`, { token: owner.token, body: { title: 'Secret note' } })).body
    const writer = await connectProvider(server.wsUrl, note.id, { token: owner.token })
    appendParagraph(writer.doc, 'Only for the group.')
    await writer.settled()
    writer.destroy()
    expect((await api(server.url, 'POST', `/api/pages/${note.id}/revisions`, { token: owner.token, body: { name: 'First' } })).status).toBe(201)
    const revisions = (await api(server.url, 'GET', `/api/pages/${note.id}/revisions`, { token: owner.token })).body
    const blame = (await api(server.url, 'GET', `/api/pages/${note.id}/blame`, { token: owner.token })).body
    await server.stop()
    const file = join(folder, 'space.backup')
    const source = await openDb(server.database.target)
    const header = await writeBackup(source, file, { space: secret.slug })
    await source.close()
    await server.database.drop()
    expect(header.tables.spaces).toBe(1)

    const database = await pgliteDatabase()
    const db = await openDb(database.target)
    await restoreBackup(db, file)
    await db.close()
    const restored = await startTestServer({ database })
    try {
      const login = await api(restored.url, 'POST', '/api/auth/login', { body: { username: owner.username, password: 'correct horse battery' } })
      expect(login.status).toBe(200)
      expect((await api(restored.url, 'GET', '/api/spaces', { token: login.body.token })).body.map((s: { slug: string }) => s.slug)).toEqual([secret.slug])
      expect((await api(restored.url, 'GET', `/api/pages/${note.id}/revisions`, { token: login.body.token })).body).toEqual(revisions)
      expect((await api(restored.url, 'GET', `/api/pages/${note.id}/blame`, { token: login.body.token })).body).toEqual(blame)
    } finally {
      await restored.close()
    }
  }, 180_000)
})
