import { describe, expect, it } from 'vitest'
import { freePort } from '../../reliability/support/freePort.ts'
import { readStoredDocuments } from '../../reliability/support/storedDocument.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor } from '../../support/providers.ts'
import { spawnedServerPerTest } from '../../support/spawnedServerPerTest.ts'

const spawned = spawnedServerPerTest()
const { providers } = spawned

describe('acknowledgements after a reconnect', () => {
  it('a provider that reconnects with edits queued offline reads "saved" only once all of them are stored', async () => {
    const env = { PORT: String(await freePort()) }
    const server = await spawned.spawn(env)
    const database = spawned.database()
    const user = await signUpUser(server.url)
    const { pageId } = await createSpaceWithPage(server.url, user.token)
    const writer = await connectProvider(server.wsUrl, pageId, { token: user.token })
    providers.push(writer)
    appendParagraph(writer.doc, 'written before the crash')
    await writer.settled()

    // The server dies; the writer goes on typing: each edit is one update, queued by the
    // provider until it reconnects, and sent before its sync step 1.
    await server.kill('SIGKILL')
    await waitFor(() => writer.provider.configuration.websocketProvider.status !== 'connected', 'the writer to notice')
    const offline: string[] = []
    for (let i = 0; i < 40; i++) {
      offline.push(`offline line ${i}`)
      appendParagraph(writer.doc, offline.at(-1)!)
    }
    expect(writer.provider.unsyncedChanges).toBeGreaterThan(0)

    // The moment the provider says everything is saved, the server is killed again: what it
    // called saved must be in the database already.
    let expected: string | null = null
    let killed: Promise<unknown> | null = null
    const restarted = spawned.spawn(env)
    writer.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number !== 0 || killed) return
      expected = docText(writer.doc)
      // A microtask once the restart has resolved: no I/O (no commit) can come in between.
      killed = restarted.then((s) => s.kill('SIGKILL'))
    })
    await restarted
    await waitFor(() => killed !== null, 'the writer to read "saved"', 30_000)
    await killed
    const stored = await readStoredDocuments(database.target, [pageId])
    const storedText = stored.get(pageId)!.getXmlFragment('default').toString()
    for (const line of offline) expect(storedText).toContain(line)
    expect(expected).toContain('offline line 39')
  })
})
