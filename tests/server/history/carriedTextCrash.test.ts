import { splitBlock, setBlockType } from '@tiptap/pm/commands'
import { afterEach, describe, expect, it } from 'vitest'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { createPageForTwo } from '../../support/api.ts'
import { BindingEditor } from '../../support/BindingEditor.ts'
import { appendParagraph, connectProvider, type TestProvider } from '../../support/providers.ts'
import { spawnServer, type SpawnedServer } from '../../support/spawnServer.ts'
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'
import { blameByAuthor } from './historyServer.ts'

let database: TestDatabase | undefined
let server: SpawnedServer | undefined
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  await server?.kill('SIGKILL')
  await database?.drop()
  server = database = undefined
})

describe('carried authorship after a crash', { timeout: 120_000 }, () => {
  it('a split and a heading acknowledged before SIGKILL still credit the original author after restart', async () => {
    database = await createTestDatabase()
    server = await spawnServer(database)
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const a = await connectProvider(server.wsUrl, pageId, { token: ann.token })
    providers.push(a)
    appendParagraph(a.doc, 'Anna wrote this paragraph before Boris restructured it.')
    await a.settled()
    const b = await connectProvider(server.wsUrl, pageId, { token: bob.token })
    providers.push(b)
    const editor = new BindingEditor(b.doc)
    editor.select('before')
    editor.run(splitBlock)
    editor.select('Anna')
    editor.run(setBlockType(documentSchema().nodes.heading, { level: 2 }))
    await b.settled()
    // Acknowledged: kill at once, before any store or revision cut could run.
    expect(await server.kill('SIGKILL')).toBe('SIGKILL')
    for (const p of providers.splice(0)) p.destroy()

    server = await spawnServer(database)
    expect(await blameByAuthor(server.url, pageId, bob.token)).toEqual(new Map([[ann.id, 'Anna wrote this paragraph before Boris restructured it.']]))
  })
})
