import { describe, expect, it } from 'vitest'
import type { ApiAnnotatedNode, ApiBlame, ApiDiff, ApiRevision, ApiRevisionContent } from '../../../shared/historyTypes.ts'
import { api, createPageForTwo, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { revisionsOf, startHistoryServer, waitForRevisions } from './historyServer.ts'
import * as Y from 'yjs'

const perTest = serverPerTest(startHistoryServer)

/** Every text run of an annotated document, in order. */
function textRuns(nodes: ApiAnnotatedNode[]): ApiAnnotatedNode[] {
  return nodes.flatMap((n) => (n.type === 'text' ? [n] : textRuns(n.content ?? [])))
}

describe('restore', { timeout: 120_000 }, () => {
  it('restoring a revision changes only what differs, keeps the authors of untouched text, shows at once to open editors and is itself a new revision', async () => {
    let server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const bob = await signUpUser(server.url, 'bob')
    const carol = await signUpUser(server.url, 'carol')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token)
    await grantRole(server.url, alice.token, spaceId, bob.username, 'editor')
    await grantRole(server.url, alice.token, spaceId, carol.username, 'editor')

    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'Alpha text stays.')
    appendParagraph(a.doc, 'Beta original.')
    await a.settled()
    a.destroy()
    const [first] = await waitForRevisions(server.url, pageId, 1, alice.token)

    const b = await perTest.connect(pageId, { token: bob.token })
    const beta = (b.doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText
    beta.insert('Beta original'.length, ', then revised')
    appendParagraph(b.doc, 'Gamma added.')
    await b.settled()
    b.destroy()
    await waitForRevisions(server.url, pageId, 2, alice.token)

    // Someone has the page open while Carol restores the first revision.
    const watcher = await perTest.connect(pageId, { token: alice.token })
    expect(docText(watcher.doc)).toBe('Alpha text stays.\nBeta original, then revised.\nGamma added.')
    const restored = await api<ApiRevision>(server.url, 'POST', `/api/pages/${pageId}/revisions/${first.id}/restore`, { token: carol.token })
    expect(restored.status).toBe(201)
    expect(restored.body).toMatchObject({ number: 3, kind: 'restore', restoredFrom: { id: first.id, number: 1 }, createdBy: { username: carol.username } })
    expect(restored.body.authors.map((u) => u.username)).toEqual([carol.username])
    await waitFor(() => docText(watcher.doc) === 'Alpha text stays.\nBeta original.', 'the open editor to show the restored text')

    // The page is the first revision again, and nothing of it was rewritten: Alice still wrote all of it.
    const now = await api<ApiRevisionContent>(server.url, 'GET', `/api/pages/${pageId}/revisions/${restored.body.id}`, { token: bob.token })
    const then = await api<ApiRevisionContent>(server.url, 'GET', `/api/pages/${pageId}/revisions/${first.id}`, { token: bob.token })
    expect(now.body.content).toEqual(then.body.content)
    const blame = await api<ApiBlame>(server.url, 'GET', `/api/pages/${pageId}/blame`, { token: bob.token })
    expect(textRuns(blame.body.content).map(({ text, author, revision }) => ({ text, author, revision }))).toEqual([
      { text: 'Alpha text stays.', author: alice.id, revision: 1 },
      { text: 'Beta original.', author: alice.id, revision: 1 },
    ])

    // What the restore took out is Carol's doing.
    const diff = await api<ApiDiff>(server.url, 'GET', `/api/pages/${pageId}/diff?from=${(await revisionsOf(server.url, pageId, bob.token))[1].id}&to=${restored.body.id}`, { token: bob.token })
    const removed = textRuns(diff.body.content).filter((r) => r.status === 'removed')
    expect(removed.map(({ text, author, writtenBy }) => ({ text, author, writtenBy }))).toEqual([
      { text: ', then revised', author: carol.id, writtenBy: bob.id },
      { text: 'Gamma added.', author: carol.id, writtenBy: bob.id },
    ])

    // The restore is durable: a fresh server over the same database reads it back.
    watcher.destroy()
    server = await perTest.restart()
    const reader = await perTest.connect(pageId, { token: bob.token })
    expect(docText(reader.doc)).toBe('Alpha text stays.\nBeta original.')
    expect((await revisionsOf(server.url, pageId, bob.token)).map((r) => r.number)).toEqual([3, 2, 1])
  })

  it('text a restore brings back after a deletion, or re-joins after a split, is still its writer’s', async () => {
    const server = await perTest.start()
    const { ann: alice, bob, pageId } = await createPageForTwo(server.url)
    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'Alice wrote the first sentence. She wrote the second one too.')
    appendParagraph(a.doc, 'A paragraph Bob will delete.')
    await a.settled()
    a.destroy()
    const [first] = await waitForRevisions(server.url, pageId, 1, alice.token)

    // Bob deletes the second paragraph and splits the first (the binding's delete and re-insert).
    const b = await perTest.connect(pageId, { token: bob.token })
    const fragment = b.doc.getXmlFragment('default')
    b.doc.transact(() => {
      fragment.delete(1, 1)
      const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText
      text.delete('Alice wrote the first sentence. '.length, 'She wrote the second one too.'.length)
      appendParagraph(b.doc, 'She wrote the second one too.')
    })
    await b.settled()
    b.destroy()
    await waitForRevisions(server.url, pageId, 2, alice.token)

    const restored = await api<ApiRevision>(server.url, 'POST', `/api/pages/${pageId}/revisions/${first.id}/restore`, { token: bob.token })
    expect(restored.status).toBe(201)
    const blame = await api<ApiBlame>(server.url, 'GET', `/api/pages/${pageId}/blame`, { token: bob.token })
    const byAuthor = new Map<string | null | undefined, string>()
    for (const run of textRuns(blame.body.content)) byAuthor.set(run.author, (byAuthor.get(run.author) ?? '') + run.text)
    expect(byAuthor).toEqual(new Map([[alice.id, 'Alice wrote the first sentence. She wrote the second one too.A paragraph Bob will delete.']]))
  })

  it('lets readers read the history but only editors name versions or restore', async () => {
    const server = await perTest.start()
    const owner = await signUpUser(server.url, 'owner')
    const viewer = await signUpUser(server.url, 'viewer')
    const stranger = await signUpUser(server.url, 'stranger')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, owner.token)
    await grantRole(server.url, owner.token, spaceId, viewer.username, 'viewer')
    const named = await api<ApiRevision>(server.url, 'POST', `/api/pages/${pageId}/revisions`, { token: owner.token, body: { name: 'Empty start', summary: 'Before anyone wrote' } })
    expect(named.status).toBe(201)
    expect(named.body).toMatchObject({ number: 1, kind: 'named', name: 'Empty start', summary: 'Before anyone wrote' })

    for (const path of ['revisions', `revisions/${named.body.id}`, 'diff', 'blame']) {
      expect((await api(server.url, 'GET', `/api/pages/${pageId}/${path}`, { token: viewer.token })).status).toBe(200)
      expect((await api(server.url, 'GET', `/api/pages/${pageId}/${path}`, { token: stranger.token })).status).toBe(404)
      expect((await api(server.url, 'GET', `/api/pages/${pageId}/${path}`)).status).toBe(404)
    }
    expect((await api(server.url, 'GET', `/api/spaces/${spaceId}/changes`, { token: viewer.token })).status).toBe(200)
    expect((await api(server.url, 'GET', `/api/spaces/${spaceId}/changes`, { token: stranger.token })).status).toBe(404)

    expect((await api(server.url, 'POST', `/api/pages/${pageId}/revisions`, { token: viewer.token, body: { name: 'Mine' } })).status).toBe(403)
    expect((await api(server.url, 'POST', `/api/pages/${pageId}/revisions/${named.body.id}/restore`, { token: viewer.token })).status).toBe(403)
    expect((await api(server.url, 'POST', `/api/pages/${pageId}/revisions/${named.body.id}/restore`, { token: stranger.token })).status).toBe(404)
    expect((await revisionsOf(server.url, pageId, owner.token)).length).toBe(1)
    expect((await api(server.url, 'GET', `/api/pages/${pageId}/revisions/00000000-0000-0000-0000-000000000000`, { token: viewer.token })).status).toBe(404)
  })
})
