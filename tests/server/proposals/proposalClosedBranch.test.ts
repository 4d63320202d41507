import { describe, expect, it } from 'vitest'
import { readBranch } from '../../../server/proposals/mergeProposal.ts'
import { closeProposal } from '../../../server/proposals/proposalQueries.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startHistoryServer } from '../history/historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

/** The branch's text as stored (compacted state plus durable log), read from the database. */
async function storedBranchText(proposalId: string): Promise<string> {
  return docText((await readBranch(perTest.server().palimpsest.services, proposalId)).branch)
}

describe('a closed proposal’s branch', { timeout: 60_000 }, () => {
  it('refuses an edit that arrives after the proposal was closed, before its writer was told: never acknowledged, never stored', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const vera = await signUpUser(server.url, 'vera')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token)
    await grantRole(server.url, alice.token, spaceId, vera.username, 'viewer')
    const page = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(page.doc, 'The strike began in 1963.')
    await page.settled()
    const opened = await api<{ id: string; documentName: string }>(server.url, 'POST', `/api/pages/${pageId}/proposals`, { token: vera.token, body: { title: 'More detail' } })
    expect(opened.status).toBe(201)
    const branch = await perTest.connect(opened.body.documentName, { token: vera.token })
    appendParagraph(branch.doc, 'Written while the proposal was open.')
    await branch.settled()
    expect(await storedBranchText(opened.body.id)).toContain('Written while the proposal was open.')

    // Another instance merges it: the row is closed there, and this instance has not heard yet
    // (no event here), so Vera's connection is still writable when her next edit arrives.
    expect(await closeProposal(server.palimpsest.services.db, opened.body.id, { status: 'merged', by: alice.id, reason: null })).toBe(true)
    appendParagraph(branch.doc, 'Written a moment after the merge.')
    await waitFor(() => branch.closes.some((c) => c.reason === 'not-stored'), 'the refused edit to close its connection')
    expect(branch.provider.unsyncedChanges).toBeGreaterThan(0)
    // Stored, the branch holds what was written while it was open, and no more.
    const stored = await storedBranchText(opened.body.id)
    expect(stored).toContain('Written while the proposal was open.')
    expect(stored).not.toContain('a moment after the merge')
  })
})
