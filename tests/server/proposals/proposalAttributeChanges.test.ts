import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ApiProposalDetail } from '../../../shared/proposalApi.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startHistoryServer } from '../history/historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

type Attributes = Record<string, number>
const heading = (doc: Y.Doc) => doc.getXmlFragment('default').get(0) as unknown as Y.XmlElement<Attributes>

/** A private page with a level-2 heading and a paragraph, Vera (a viewer) proposing on it. */
async function headedPage() {
  const server = await perTest.start()
  const alice = await signUpUser(server.url, 'alice')
  const vera = await signUpUser(server.url, 'vera')
  const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token, { visibility: 'private' })
  await grantRole(server.url, alice.token, spaceId, vera.username, 'viewer')
  const page = await perTest.connect(pageId, { token: alice.token })
  const title = new Y.XmlElement<Attributes>('heading')
  title.setAttribute('level', 2)
  title.insert(0, [new Y.XmlText('Aftermath')])
  page.doc.getXmlFragment('default').insert(0, [title as unknown as Y.XmlElement])
  appendParagraph(page.doc, 'Seven were sentenced.')
  await page.settled()
  const opened = await api<{ id: string; documentName: string }>(server.url, 'POST', `/api/pages/${pageId}/proposals`, { token: vera.token, body: {} })
  expect(opened.status).toBe(201)
  const branch = await perTest.connect(opened.body.documentName, { token: vera.token })
  return { alice, vera, pageId, page, branch, proposal: opened.body }
}

describe('attribute-only changes in a proposal', { timeout: 120_000 }, () => {
  it('a heading’s new level is listed as a change of its own; rejected, the page keeps its level while the accepted words merge', async () => {
    const { alice, pageId, page, branch, proposal } = await headedPage()
    heading(branch.doc).setAttribute('level', 3)
    const words = (branch.doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText
    words.insert('Seven were sentenced'.length, ' to death')
    await branch.settled()

    const { changes } = (await api<ApiProposalDetail>(perTest.server().url, 'GET', `/api/proposals/${proposal.id}`, { token: alice.token })).body
    expect(changes.map((c) => [c.before, c.after])).toEqual([
      ['sentenced.', 'sentenced to death.'],
      ['Heading “Aftermath”, level 2', 'Heading “Aftermath”, level 3'],
    ])
    const merged = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: { accept: [changes[0].id] } })
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({ applied: 1, rejected: 1 })
    await waitFor(() => docText(page.doc) === 'Aftermath\nSeven were sentenced to death.', 'the accepted words on the page')
    expect(heading(page.doc).getAttribute('level')).toBe(2)
    // A reader who opens the page now gets what the open editor shows.
    const reader = await perTest.connect(pageId, { token: alice.token })
    expect(heading(reader.doc).getAttribute('level')).toBe(2)
    expect(docText(reader.doc)).toBe(docText(page.doc))
  })

  it('accepted, the heading takes the proposal’s level', async () => {
    const { alice, page, branch, proposal } = await headedPage()
    heading(branch.doc).setAttribute('level', 3)
    await branch.settled()
    const { changes } = (await api<ApiProposalDetail>(perTest.server().url, 'GET', `/api/proposals/${proposal.id}`, { token: alice.token })).body
    expect(changes).toHaveLength(1)
    expect((await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: { accept: [changes[0].id] } })).status).toBe(200)
    await waitFor(() => heading(page.doc).getAttribute('level') === 3, 'the new level on the page')
  })
})
