import { describe, expect, it } from 'vitest'
import type { CollabContext } from '../../server/collab/CollabContext.ts'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { createPageForTwo } from '../support/api.ts'
import { deepNesting, topLevelText, unknownAttribute, unknownMark } from '../support/hostileUpdates.ts'
import { appendParagraph, connectProvider, docText, waitFor } from '../support/providers.ts'
import { startHistoryServer, waitForRevisions } from '../server/history/historyServer.ts'
import { expectEditorText, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('hostile page content')

describe.skipIf(suite.skip)(suite.title, { timeout: 180_000 }, () => {
  const world = useBrowserWorld(startHistoryServer)

  it('after hostile updates and a poisoned stored page, the owner’s text renders in the editor, typing keeps it, and history shows the repair', async () => {
    const { server } = world
    const { ann, bob, pageId, spaceId } = await createPageForTwo(server.url, 'Besieged page')
    const owner = await connectProvider(server.wsUrl, pageId, { token: ann.token })
    appendParagraph(owner.doc, "The owner's text survives.")
    await owner.settled()
    owner.destroy()
    await waitForRevisions(server.url, pageId, 1, ann.token)

    // Live attacks through an editor's provider: each closes the attacker, none lands.
    for (const attack of [topLevelText, unknownMark, unknownAttribute, (doc: Parameters<typeof topLevelText>[0]) => deepNesting(doc, 1500)]) {
      const attacker = await connectProvider(server.wsUrl, pageId, { token: bob.token })
      attacker.doc.transact(() => attack(attacker.doc))
      await waitFor(() => attacker.closes.some((c) => c.code === CloseCodes.malformedMessage.code || c.reason === CloseCodes.malformedMessage.reason), 'the attacker to be closed with 4400')
      attacker.destroy()
    }

    // A page stored before the check existed: the same content written past the message hooks.
    const { hocuspocus } = server.palimpsest.services
    const context: CollabContext = { actor: { userId: bob.id, username: bob.username }, pageId, spaceId }
    const direct = await hocuspocus.openDirectConnection(pageId, context)
    await direct.transact((doc) => { unknownMark(doc); deepNesting(doc, 1500); topLevelText(doc) })
    await direct.disconnect()
    await waitFor(() => !hocuspocus.documents.has(pageId), 'the page to unload')

    const { page } = await world.person(ann.token)
    await page.goto(`${server.url}/p/${pageId}`)
    await expectEditorText(page, "The owner's text survives.")
    await typeAtEnd(page, ' Still here.')
    await waitForSaveState(page, 'saved')
    const reader = await connectProvider(server.wsUrl, pageId, { token: ann.token })
    await waitFor(() => docText(reader.doc).includes("The owner's text survives. Still here."), 'a reader to see the owner’s text and the new words')
    reader.destroy()
    await page.close()
    const revisions = await waitForRevisions(server.url, pageId, 3, ann.token)
    expect(revisions.map((r) => r.summary)).toContain('repaired: removed 4 unreadable parts')
  })
})
