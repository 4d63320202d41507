import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../../../server/db/openDb.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, type TestProvider } from '../../support/providers.ts'
import { spawnServer, type SpawnedServer } from '../../support/spawnServer.ts'
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'

let database: TestDatabase | undefined
let server: SpawnedServer | undefined
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  await server?.kill('SIGKILL')
  await database?.drop()
  server = database = undefined
})

describe('durability', () => {
  it('every edit the provider saw acknowledged survives SIGKILL of the server, for a new client after restart', async () => {
    database = await createTestDatabase()
    server = await spawnServer(database)
    const user = await signUpUser(server.url)
    const { pageId } = await createSpaceWithPage(server.url, user.token)

    const writer = await connectProvider(server.wsUrl, pageId, { token: user.token })
    providers.push(writer)
    const lines: string[] = []
    for (let i = 0; i < 30; i++) {
      const line = `line ${i} written before the crash`
      lines.push(line)
      appendParagraph(writer.doc, line)
      if (i % 7 === 0) await new Promise((r) => setTimeout(r, 5))
    }
    await writer.settled()
    // Acknowledged: kill at once, before any debounced store could run.
    expect(await server.kill('SIGKILL')).toBe('SIGKILL')
    writer.destroy()
    providers.length = 0

    server = await spawnServer(database)
    const reader = await connectProvider(server.wsUrl, pageId, { token: user.token })
    providers.push(reader)
    expect(docText(reader.doc).split('\n')).toEqual(lines)
  })

  it('SIGTERM stores every document and exits cleanly', async () => {
    database = await createTestDatabase()
    server = await spawnServer(database)
    const user = await signUpUser(server.url)
    const { pageId } = await createSpaceWithPage(server.url, user.token)
    const writer = await connectProvider(server.wsUrl, pageId, { token: user.token })
    providers.push(writer)
    appendParagraph(writer.doc, 'kept through a clean shutdown')
    await writer.settled()
    expect(await server.kill('SIGTERM')).toBe(0)
    writer.destroy()
    providers.length = 0

    // Shutdown compacted the log into the stored state.
    const db = await openDb(database.target)
    const logRows = await db.query<{ n: number }>('SELECT count(*) AS n FROM page_updates WHERE page_id = $1', [pageId])
    const stored = await db.query('SELECT 1 FROM page_documents WHERE page_id = $1', [pageId])
    await db.close()
    expect(logRows[0].n).toBe(0)
    expect(stored).toHaveLength(1)

    server = await spawnServer(database)
    const reader = await connectProvider(server.wsUrl, pageId, { token: user.token })
    providers.push(reader)
    expect(docText(reader.doc)).toBe('kept through a clean shutdown')
  })
})
