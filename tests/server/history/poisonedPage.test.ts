import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { CollabContext } from '../../../server/collab/CollabContext.ts'
import { findUnreadableItems } from '../../../server/internals/findUnreadableItems.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { deepNesting, topLevelText, unknownAttribute, unknownMark } from '../../support/hostileUpdates.ts'
import { appendParagraph, connectProvider, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startHistoryServer, waitForRevisions } from './historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

/**
 * Writes unreadable content into a page the way a page stored before the update check could
 * hold it: through a direct connection, which no message check sees. The server then cuts a
 * revision of it when the page unloads, so history holds the poisoned state too.
 */
async function poisonStoredPage(pageId: string, spaceId: string, user: { id: string; username: string }): Promise<void> {
  const { hocuspocus } = perTest.server().palimpsest.services
  const context: CollabContext = { actor: { userId: user.id, username: user.username }, pageId, spaceId }
  const connection = await hocuspocus.openDirectConnection(pageId, context)
  await connection.transact((doc) => {
    unknownMark(doc)
    unknownAttribute(doc)
    deepNesting(doc, 3000)
    topLevelText(doc)
  })
  await connection.disconnect()
  await waitFor(() => !hocuspocus.documents.has(pageId), 'the page to unload')
}

/** The owner's text is there; the top-level text, the unknown mark and attribute and the deepest branch are gone. */
function expectReadable(doc: Y.Doc): void {
  const xml = doc.getXmlFragment('default').toJSON()
  expect(xml).toContain("<paragraph>the owner's text</paragraph>")
  expect(xml).not.toMatch(/blank the page|deep|comment|onclick/u)
  expect(findUnreadableItems(doc)).toEqual([])
}

describe('a page poisoned before the update check existed', { timeout: 120_000 }, () => {
  it('is repaired as it loads, says so in its history, and its diff, blame, revision and restore all answer', async () => {
    const server = await perTest.start()
    const ann = await signUpUser(server.url, 'ann')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, ann.token)
    const writer = await connectProvider(server.wsUrl, pageId, { token: ann.token })
    appendParagraph(writer.doc, "the owner's text")
    await writer.settled()
    writer.destroy()
    const [clean] = await waitForRevisions(server.url, pageId, 1, ann.token)

    await poisonStoredPage(pageId, spaceId, ann)
    const [poisoned] = await waitForRevisions(server.url, pageId, 2, ann.token)

    const reader = await perTest.connect(pageId, { token: ann.token })
    expectReadable(reader.doc)
    reader.destroy()
    const [repaired] = await waitForRevisions(server.url, pageId, 3, ann.token)
    // The unknown mark's two markers, the attribute, the too-deep branch, the top-level text.
    expect(repaired.summary).toBe('repaired: removed 5 unreadable parts')
    expect(repaired.authors).toEqual([])

    const get = (path: string) => api(perTest.server().url, 'GET', path, { token: ann.token })
    for (const path of [
      `/api/pages/${pageId}/revisions`,
      `/api/pages/${pageId}/revisions/${poisoned.id}`,
      `/api/pages/${pageId}/diff?from=${clean.id}&to=${poisoned.id}`,
      `/api/pages/${pageId}/diff?from=${poisoned.id}&to=${repaired.id}`,
      `/api/pages/${pageId}/blame?revision=${poisoned.id}`,
      `/api/pages/${pageId}/blame`,
    ]) {
      const answer = await get(path)
      expect({ path, status: answer.status }).toEqual({ path, status: 200 })
    }
    const content = await get(`/api/pages/${pageId}/revisions/${poisoned.id}`)
    expect(content.body.text).toBe("the owner's text")

    // Restoring the poisoned revision brings back what is readable of it, nothing else.
    const restore = await api(server.url, 'POST', `/api/pages/${pageId}/revisions/${poisoned.id}/restore`, { token: ann.token })
    expect(restore.status).toBe(201)
    const after = await perTest.connect(pageId, { token: ann.token })
    expectReadable(after.doc)
  })
})
