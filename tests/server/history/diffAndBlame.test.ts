import { describe, expect, it } from 'vitest'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import type { ApiAnnotatedNode, ApiBlame, ApiDiff } from '../../../shared/historyTypes.ts'
import { api, createPageForTwo, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { firstText, startHistoryServer, waitForRevisions } from './historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

/** The text runs of the first paragraph, reduced to what the test checks. */
function runs(content: ApiAnnotatedNode[]) {
  return content[0].content!.map(({ text, status, author, writtenBy, revision }) => ({ text, status, author, revision, ...(writtenBy !== undefined ? { writtenBy } : {}) }))
}

describe('diff and blame', { timeout: 120_000 }, () => {
  it('show, word by word, who inserted, who removed and who wrote every passage of a two-author history', async () => {
    const server = await perTest.start()
    const { ann: alice, bob, pageId } = await createPageForTwo(server.url)

    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'The workers marched to the city centre.')
    await a.settled()
    a.destroy()
    const [first] = await waitForRevisions(server.url, pageId, 1, alice.token)

    const b = await perTest.connect(pageId, { token: bob.token })
    const text = firstText(b.doc)
    b.doc.transact(() => {
      text.delete('The workers '.length, 'marched'.length)
      text.insert('The workers '.length, 'walked')
    })
    text.insert(text.length, ' Troops fired.')
    await b.settled()
    b.destroy()
    const [second] = await waitForRevisions(server.url, pageId, 2, alice.token)

    expect(first.authors.map((u) => u.username)).toEqual([alice.username])
    expect(second.authors.map((u) => u.username)).toEqual([bob.username])
    expect(second).toMatchObject({ number: 2, kind: 'auto', charsAdded: 20, charsRemoved: 7, wordsAdded: 3, wordsRemoved: 1 })

    const diff = await api<ApiDiff>(server.url, 'GET', `/api/pages/${pageId}/diff?from=${first.id}&to=${second.id}`, { token: bob.token })
    expect(diff.status).toBe(200)
    expect(runs(diff.body.content)).toEqual([
      { text: 'The workers ', status: 'same', author: alice.id, revision: 1 },
      { text: 'marched', status: 'removed', author: bob.id, writtenBy: alice.id, revision: 2 },
      { text: 'walked', status: 'added', author: bob.id, revision: 2 },
      { text: ' to the city centre.', status: 'same', author: alice.id, revision: 1 },
      { text: ' Troops fired.', status: 'added', author: bob.id, revision: 2 },
    ])
    expect(diff.body.users.map((u) => u.username).sort()).toEqual([alice.username, bob.username].sort())
    expect(diff.body.revisions.map((r) => r.number)).toEqual([1, 2])

    const blame = await api<ApiBlame>(server.url, 'GET', `/api/pages/${pageId}/blame`, { token: alice.token })
    expect(blame.status).toBe(200)
    expect(runs(blame.body.content)).toEqual([
      { text: 'The workers ', status: 'same', author: alice.id, revision: 1 },
      { text: 'walked', status: 'same', author: bob.id, revision: 2 },
      { text: ' to the city centre.', status: 'same', author: alice.id, revision: 1 },
      { text: ' Troops fired.', status: 'same', author: bob.id, revision: 2 },
    ])

    // Blame of the first revision: all of it Alice's.
    const old = await api<ApiBlame>(server.url, 'GET', `/api/pages/${pageId}/blame?revision=${first.id}`, { token: bob.token })
    expect(runs(old.body.content)).toEqual([{ text: 'The workers marched to the city centre.', status: 'same', author: alice.id, revision: 1 }])
  })

  it('refuses a second user whose provider writes with the first user’s Yjs client id, and never stores that update', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const mallory = await signUpUser(server.url, 'mallory')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token)
    await grantRole(server.url, alice.token, spaceId, mallory.username, 'editor')

    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'Written by Alice.')
    await a.settled()

    const m = await perTest.connect(pageId, { token: mallory.token })
    // Hocuspocus closes the page's connection with a close message carrying the reason of 4409.
    const closed: string[] = []
    m.provider.on('close', ({ event }: { event: { reason: string } }) => closed.push(event.reason))
    m.doc.clientID = a.doc.clientID
    appendParagraph(m.doc, 'Claimed to be Alice.')
    await waitFor(() => closed.includes(CloseCodes.clientIdTaken.reason), 'the impostor to be disconnected')
    m.destroy()

    const { db } = server.palimpsest.services
    const logged = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM page_updates WHERE user_id = $1', [mallory.id])
    expect(logged[0].n).toBe(0)
    a.destroy()
    const reader = await perTest.connect(pageId, { token: alice.token })
    expect(docText(reader.doc)).toBe('Written by Alice.')
    const [revision] = await waitForRevisions(server.url, pageId, 1, alice.token)
    expect(revision.authors.map((u) => u.username)).toEqual([alice.username])
  })
})
