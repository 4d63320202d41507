import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { cutRevision } from '../../../server/history/cutRevision.ts'
import { loadPageDocument } from '../../../server/history/loadPageDocument.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { firstText, revisionsOf, startHistoryServer, waitForRevisions } from './historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

describe('editing bursts', { timeout: 120_000 }, () => {
  it('a pause in editing cuts a revision while the editor stays connected, and the next edits start the next one', async () => {
    const server = await perTest.start({ idleMs: 300 })
    const alice = await signUpUser(server.url, 'alice')
    const { pageId } = await createSpaceWithPage(server.url, alice.token)
    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'First burst.')
    await a.settled()
    const [first] = await waitForRevisions(server.url, pageId, 1, alice.token)
    expect(first).toMatchObject({ kind: 'auto', chars: 'First burst.'.length, words: 2, wordsAdded: 2 })

    firstText(a.doc).insert('First burst.'.length, ' More words.')
    await a.settled()
    const [second] = await waitForRevisions(server.url, pageId, 2, alice.token)
    expect(second).toMatchObject({ number: 2, charsAdded: ' More words.'.length, wordsAdded: 2, wordsRemoved: 0, words: 4 })
    expect(Date.parse(second.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.createdAt))
  })

  it('continuous editing is cut into revisions at the longest burst, without waiting for a pause', async () => {
    const server = await perTest.start({ maxBurstMs: 400 })
    const alice = await signUpUser(server.url, 'alice')
    const { pageId } = await createSpaceWithPage(server.url, alice.token)
    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'Typing')
    let typed = 0
    while ((await revisionsOf(server.url, pageId, alice.token)).length < 2) {
      firstText(a.doc).insert(firstText(a.doc).length, ' on')
      typed += 1
      await new Promise((r) => setTimeout(r, 30))
      if (typed > 1000) throw new Error('no revision was cut during continuous editing')
    }
    // Never disconnected and never paused: the cuts came from the longest-burst limit.
    expect(a.closes).toEqual([])
    expect((await revisionsOf(server.url, pageId, alice.token)).every((r) => r.kind === 'auto')).toBe(true)
  })

  it('two cuts of the same state, as two instances would make, record one revision', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const { pageId } = await createSpaceWithPage(server.url, alice.token)
    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'Seen by two instances.')
    await a.settled()
    const { services } = server.palimpsest
    const replicas = [await loadPageDocument(services, pageId), await loadPageDocument(services, pageId)]
    const request = { kind: 'auto' as const, startedAt: new Date(), editors: [alice.id], deletions: new Map() }
    const results = await Promise.all(replicas.map((doc) => cutRevision(services, pageId, doc, request)))
    expect(results.map((r) => r?.created).sort()).toEqual([false, true])
    expect(results[0]!.revision.id).toBe(results[1]!.revision.id)
    expect(Y.encodeStateVector(replicas[0])).toEqual(Y.encodeStateVector(replicas[1]))
    a.destroy()
    // The live burst ends (the page unloads once it is cut) with the same state: still one revision.
    await waitFor(() => !services.hocuspocus.documents.has(pageId), 'the page to be unloaded')
    expect((await revisionsOf(server.url, pageId, alice.token)).map((r) => r.number)).toEqual([1])
  })
})
