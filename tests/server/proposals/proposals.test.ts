import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ApiProposalDetail } from '../../../shared/proposalApi.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { blameByAuthor, firstText, revisionsOf, startHistoryServer } from '../history/historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

/** A space owned by Alice with one page holding `text`, and Vera, a viewer of it. */
async function pageWithViewer(text: string) {
  const server = await perTest.start()
  const alice = await signUpUser(server.url, 'alice')
  const vera = await signUpUser(server.url, 'vera')
  const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token, { visibility: 'private' })
  await grantRole(server.url, alice.token, spaceId, vera.username, 'viewer')
  const a = await perTest.connect(pageId, { token: alice.token })
  appendParagraph(a.doc, text)
  await a.settled()
  return { alice, vera, spaceId, pageId, a }
}

async function propose(pageId: string, token: string): Promise<{ id: string; documentName: string }> {
  const answer = await api<{ id: string; documentName: string }>(perTest.server().url, 'POST', `/api/pages/${pageId}/proposals`, { token, body: {} })
  expect(answer.status).toBe(201)
  return answer.body
}

async function detail(id: string, token: string): Promise<ApiProposalDetail> {
  const answer = await api<ApiProposalDetail>(perTest.server().url, 'GET', `/api/proposals/${id}`, { token })
  expect(answer.status).toBe(200)
  return answer.body
}

describe('proposals', { timeout: 120_000 }, () => {
  it('a viewer proposes a change while an editor types on the page; the merge keeps both, blame credits each, history names it', async () => {
    const { alice, vera, pageId, a } = await pageWithViewer('The strike began on 1 June 1963.')
    const proposal = await propose(pageId, vera.token)

    // Vera writes her branch; the page itself stays read-only to her.
    const v = await perTest.connect(proposal.documentName, { token: vera.token })
    expect(v.provider.isSynced).toBe(true)
    expect(docText(v.doc)).toBe('The strike began on 1 June 1963.')
    const text = firstText(v.doc)
    text.delete('The strike began on 1 June 196'.length, 1)
    text.insert('The strike began on 1 June 196'.length, '2')
    await v.settled()

    // Meanwhile Alice keeps editing the live page.
    appendParagraph(a.doc, 'Troops arrived the next day.')
    await a.settled()

    const shown = await detail(proposal.id, alice.token)
    expect(shown.changes.map(({ before, after }) => ({ before, after }))).toEqual([{ before: '1963.', after: '1962.' }])
    expect(shown.abilities).toEqual({ edit: false, review: true, withdraw: true, discuss: true, steer: false })

    const merged = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: {} })
    expect(merged.status).toBe(200)
    await waitFor(() => docText(a.doc) === 'The strike began on 1 June 1962.\nTroops arrived the next day.', 'the open page to show the merge')

    const blame = await blameByAuthor(perTest.server().url, pageId, alice.token)
    expect(blame.get(vera.id)).toBe('2')
    expect(blame.get(alice.id)).toBe('The strike began on 1 June 196.Troops arrived the next day.')
    const [latest] = await revisionsOf(perTest.server().url, pageId, alice.token)
    expect(latest).toMatchObject({ kind: 'merge', summary: `Merged proposal #1 by ${vera.username}, approved by ${alice.username}` })

    // Closed: the branch is read-only now, and it cannot be merged twice.
    expect((await detail(proposal.id, vera.token)).status).toBe('merged')
    const again = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: {} })
    expect(again.status).toBe(403)
  })

  it('accepting some changes and rejecting others yields exactly the accepted words', async () => {
    const { alice, vera, pageId, a } = await pageWithViewer('Workers marched to the city committee building at noon.')
    const proposal = await propose(pageId, vera.token)
    const v = await perTest.connect(proposal.documentName, { token: vera.token })
    const text = firstText(v.doc)
    // Three changes: "Workers" → "Striking workers", delete "city ", "noon" → "midday".
    const s = text.toString()
    text.delete(s.indexOf('noon'), 4)
    text.insert(s.indexOf('noon'), 'midday')
    text.delete(s.indexOf('city '), 5)
    text.delete(0, 1)
    text.insert(0, 'Striking w')
    await v.settled()

    const { changes } = await detail(proposal.id, alice.token)
    expect(changes.map((c) => [c.before, c.after])).toEqual([
      ['Workers', 'Striking workers'],
      ['city committee', 'committee'],
      ['noon.', 'midday.'],
    ])
    // Accept the first and the last; reject the deletion of "city ".
    const merged = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, {
      token: alice.token, body: { accept: [changes[0].id, changes[2].id] },
    })
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({ applied: 2, rejected: 1 })
    await waitFor(() => docText(a.doc) === 'Striking workers marched to the city committee building at midday.', 'the accepted words on the page')
    // The kept words are still Alice's.
    const blame = await blameByAuthor(perTest.server().url, pageId, alice.token)
    expect(blame.get(alice.id)).toContain('city committee')
  })

  it('a second proposal rejected entirely leaves the page as it was', async () => {
    const { alice, vera, pageId, a } = await pageWithViewer('Seven were sentenced to death.')
    const proposal = await propose(pageId, vera.token)
    const v = await perTest.connect(proposal.documentName, { token: vera.token })
    firstText(v.doc).insert(0, 'Later, ')
    appendParagraph(v.doc, 'A new paragraph.')
    await v.settled()
    const merged = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: { accept: [] } })
    expect(merged.status).toBe(200)
    await revisionsOf(perTest.server().url, pageId, alice.token)
    expect(docText(a.doc)).toBe('Seven were sentenced to death.')
  })

  it('who may do what: anonymous readers cannot propose, outsiders see nothing, viewers cannot merge, only the author writes the branch', async () => {
    const { alice, vera, spaceId, pageId } = await pageWithViewer('Text.')
    const walt = await signUpUser(perTest.server().url, 'walt')
    await grantRole(perTest.server().url, alice.token, spaceId, walt.username, 'viewer')
    const olga = await signUpUser(perTest.server().url, 'olga')

    expect((await api(perTest.server().url, 'POST', `/api/pages/${pageId}/proposals`, { body: {} })).status).toBe(404)
    expect((await api(perTest.server().url, 'POST', `/api/pages/${pageId}/proposals`, { token: olga.token, body: {} })).status).toBe(404)
    const proposal = await propose(pageId, vera.token)
    expect((await api(perTest.server().url, 'GET', `/api/proposals/${proposal.id}`, { token: olga.token })).status).toBe(404)
    expect((await api(perTest.server().url, 'GET', `/api/proposals/${proposal.id}`)).status).toBe(404)
    expect((await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: vera.token, body: {} })).status).toBe(403)
    expect((await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: walt.token, body: {} })).status).toBe(403)
    expect((await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/decline`, { token: walt.token, body: { reason: 'no' } })).status).toBe(403)
    const listed = await api<{ id: string }[]>(perTest.server().url, 'GET', `/api/pages/${pageId}/proposals`, { token: walt.token })
    expect(listed.body.map((p) => p.id)).toEqual([proposal.id])

    // An outsider cannot open the branch; another viewer reads it but cannot write it.
    const outsider = await perTest.connect(proposal.documentName, { token: olga.token })
    expect(outsider.authFailures.length).toBeGreaterThan(0)
    const w = await perTest.connect(proposal.documentName, { token: walt.token })
    firstText(w.doc).insert(0, 'Walt was here. ')
    const v = await perTest.connect(proposal.documentName, { token: vera.token })
    firstText(v.doc).insert(0, 'Vera. ')
    await v.settled()
    await waitFor(() => docText(w.doc).includes('Vera. '), 'Vera’s edit to reach Walt')
    const reread = await perTest.connect(proposal.documentName, { token: alice.token })
    expect(docText(reread.doc)).toBe('Vera. Text.')

    // Declined with a reason: the author sees why.
    const declined = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/decline`, { token: alice.token, body: { reason: 'Not sourced.' } })
    expect(declined.status).toBe(200)
    expect(await detail(proposal.id, vera.token)).toMatchObject({ status: 'declined', reason: 'Not sourced.', closedBy: { username: alice.username } })
  })

  it('a proposal written under a client id an editor uses on the page is refused at merge, and the page keeps its text', async () => {
    const { alice, vera, pageId, a } = await pageWithViewer('Alice wrote this.')
    const proposal = await propose(pageId, vera.token)
    // After the fork Alice writes on the page from a new tab (a new client id); Vera forges that id on her branch.
    a.destroy()
    const a2 = await perTest.connect(pageId, { token: alice.token })
    firstText(a2.doc).insert(0, 'Then ')
    await a2.settled()
    const v = await perTest.connect(proposal.documentName, { token: vera.token })
    v.doc.clientID = a2.doc.clientID
    firstText(v.doc).insert(0, 'Forged. ')
    await v.settled()
    const merged = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: {} })
    expect(merged.status).toBe(409)
    expect(merged.body.error.id).toBe('client_conflict')
    const fresh = await perTest.connect(pageId, { token: alice.token })
    expect(docText(fresh.doc)).toBe('Then Alice wrote this.')
    expect((await detail(proposal.id, alice.token)).status).toBe('open')
  })

  it('seeded random edits on the page and on the proposal, then a merge: every edit is there, and the stored page equals what clients see', async () => {
    const { alice, vera, pageId, a } = await pageWithViewer('abcdefghij')
    const proposal = await propose(pageId, vera.token)
    const v = await perTest.connect(proposal.documentName, { token: vera.token })
    let seed = 19
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const words: string[] = []
    for (let i = 0; i < 60; i++) {
      const onPage = random() < 0.5
      const text = firstText(onPage ? a.doc : v.doc)
      const word = `${onPage ? 'P' : 'Q'}${i}`
      words.push(word)
      text.insert(Math.floor(random() * (text.length + 1)), ` ${word} `)
      if (i % 10 === 0) await Promise.all([a.settled(), v.settled()])
    }
    await Promise.all([a.settled(), v.settled()])
    const merged = await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: {} })
    expect(merged.status).toBe(200)
    const other = await perTest.connect(pageId, { token: alice.token })
    // Inserted text may land inside other inserted text; every character of every edit is there, no more.
    const sorted = (text: string) => [...text].sort().join('')
    const expected = sorted(`abcdefghij${words.map((w) => ` ${w} `).join('')}`)
    await waitFor(() => docText(a.doc) === docText(other.doc) && sorted(docText(a.doc)) === expected ? true : null, 'every edit on the page')
    // The stored page (a fresh server over the same database) equals what clients see.
    const seen = docText(a.doc)
    perTest.destroyProviders()
    await perTest.restart()
    const fresh = await perTest.connect(pageId, { token: alice.token })
    expect(docText(fresh.doc)).toBe(seen)
    expect(Y.encodeStateVector(fresh.doc).length).toBeGreaterThan(0)
  })
})
