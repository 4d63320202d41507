import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { minimalPdf } from '../support/attachmentFiles.ts'
import { writeParagraphs } from '../server/discussion/discussionWorld.ts'
import { editorOf, expectEditorText, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('proposals: a viewer suggests changes, an editor reviews and merges them')

describe.skipIf(suite.skip)(suite.title, { timeout: 180_000 }, () => {
  const world = useBrowserWorld()
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })

  it('a viewer proposes a change; the owner sees the badge, reviews the words, merges; history names the merge and the viewer’s inbox tells the outcome', async () => {
    const ann = await signUpUser(world.server.url, 'ann')
    const bob = await signUpUser(world.server.url, 'bob')
    const { spaceId, pageId } = await createSpaceWithPage(world.server.url, ann.token, { title: 'Strike' })
    expect((await api(world.server.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token, body: { role: 'viewer' } })).status).toBe(200)
    await writeParagraphs(world.server, pageId, ann.token, ['The strike began on 1 June 1962.'])

    const owner = await world.person(ann.token)
    await owner.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(owner.page, 'saved')
    await expect(owner.page.locator('[data-open-proposals]').count()).resolves.toBe(0)

    // The viewer reads the page, suggests changes and lands in the branch, editable.
    const viewer = await world.person(bob.token)
    await viewer.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(viewer.page, 'reading')
    await viewer.page.locator('[data-suggest-changes]').click()
    await viewer.page.waitForURL(/\/proposals\/[0-9a-f-]+$/u)
    const proposalUrl = viewer.page.url()
    await waitForSaveState(viewer.page, 'saved')
    await expectEditorText(viewer.page, 'The strike began on 1 June 1962.')
    await poll(() => viewer.page.locator('[data-proposal-status]').innerText()).toContain('Your proposal is open')
    await typeAtEnd(viewer.page, ' Troops arrived.')
    await waitForSaveState(viewer.page, 'saved')
    // The author's list of changes follows what is stored.
    await poll(() => viewer.page.locator('[data-proposal-changes] ins').allInnerTexts()).toEqual(['1962. Troops arrived.'])
    // The author titles the proposal in place and opens its discussion.
    await viewer.page.locator('[data-proposal-title-edit]').click()
    await viewer.page.locator('[data-proposal-title-input]').fill('Add the troops')
    await viewer.page.locator('[data-proposal-title-form] button[type="submit"]').click()
    await poll(() => viewer.page.locator('[data-proposal-title]').innerText()).toContain('Add the troops')
    await viewer.page.locator('[data-proposal-discussion] textarea').fill('Source: the trial records.')
    await viewer.page.locator('[data-proposal-discussion] button[type="submit"]').click()
    await poll(() => viewer.page.locator('[data-proposal-discussion] [data-comment-text]').allInnerTexts()).toEqual(['Source: the trial records.'])

    // The owner's open page shows the new proposal without a reload; the badge leads to the list, the list to the review.
    await poll(() => owner.page.locator('[data-open-proposals]').innerText()).toContain('1')
    await owner.page.locator('[data-open-proposals]').click()
    await poll(() => owner.page.locator('[data-proposal-list] a').innerText()).toContain('Add the troops')
    await owner.page.locator('[data-proposal-list] a').click()
    await owner.page.waitForURL(proposalUrl)
    await poll(() => owner.page.locator('[data-proposal-changes] li').allInnerTexts()).toEqual([expect.stringContaining('Troops arrived.')])
    await expect(owner.page.locator('[data-proposal-changes] del').innerText()).resolves.toBe('1962.')
    // The author goes on writing: the owner's list of changes follows without a reload.
    await typeAtEnd(viewer.page, ' Seven died.')
    await waitForSaveState(viewer.page, 'saved')
    await poll(() => owner.page.locator('[data-proposal-changes] ins').allInnerTexts()).toEqual(['1962. Troops arrived. Seven died.'])
    // The branch is the viewer's to write: the owner reads it.
    await expect(editorOf(owner.page).getAttribute('contenteditable')).resolves.toBe('false')
    // The owner reads the author's comment and answers it; only the author retitles it.
    await poll(() => owner.page.locator('[data-proposal-discussion] [data-comment-text]').allInnerTexts()).toEqual(['Source: the trial records.'])
    await expect(owner.page.locator('[data-proposal-title-edit]').count()).resolves.toBe(0)
    await owner.page.locator('[data-proposal-discussion] textarea').fill('Thanks, merging.')
    await owner.page.locator('[data-proposal-discussion] button[type="submit"]').click()
    await poll(() => owner.page.locator('[data-proposal-discussion] [data-comment-text]').allInnerTexts()).toEqual(['Source: the trial records.', 'Thanks, merging.'])

    await owner.page.locator('[data-proposal-merge]').click()
    await poll(() => owner.page.locator('[data-proposal-status]').getAttribute('data-proposal-status')).toBe('merged')
    // The viewer's open proposal turns read-only and says it was merged, without a reload.
    await poll(() => viewer.page.locator('[data-proposal-status]').getAttribute('data-proposal-status')).toBe('merged')
    await poll(() => editorOf(viewer.page).getAttribute('contenteditable')).toBe('false')

    // The page has the words; its history has the merge as a revision.
    await owner.page.getByRole('link', { name: 'See it in the page’s history' }).click()
    await owner.page.waitForURL(`**/p/${pageId}/history**`)
    await owner.page.goto(`${world.server.url}/p/${pageId}/history`)
    await poll(() => owner.page.locator('.history-timeline').innerText()).toContain(`Merged proposal #1 “Add the troops” by ${bob.username}, approved by ${ann.username}`)
    await owner.page.goto(`${world.server.url}/p/${pageId}`)
    await expectEditorText(owner.page, 'The strike began on 1 June 1962. Troops arrived. Seven died.')
    await expect(owner.page.locator('[data-open-proposals]').count()).resolves.toBe(0)

    // The viewer's inbox tells the outcome and leads back to the proposal.
    await viewer.page.goto(`${world.server.url}/p/${pageId}`)
    // The page view moves to the page's readable address once loaded, and a menu closes on
    // navigation: open the inbox after that, as a person would.
    await waitForSaveState(viewer.page, 'reading')
    await viewer.page.locator('[data-inbox-button]').click()
    const entry = viewer.page.locator('[data-inbox-panel] [data-notification-kind="proposal_merged"]')
    await poll(() => entry.innerText()).toContain('merged your proposal #1')
    await entry.click()
    await viewer.page.waitForURL(proposalUrl)
    await poll(() => viewer.page.locator('[data-proposal-status]').innerText()).toContain(`Merged by ${ann.username}`)
    expect(owner.errors).toEqual([])
    expect(viewer.errors).toEqual([])
  })

  it('a declined proposal shows its reason to its author; one on a deleted page can only be declined; one the reader lost access to is "not available"', async () => {
    const ann = await signUpUser(world.server.url, 'ann')
    const bob = await signUpUser(world.server.url, 'bob')
    const { spaceId, spaceSlug, pageId } = await createSpaceWithPage(world.server.url, ann.token, { title: 'Trials', visibility: 'private' })
    expect((await api(world.server.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token, body: { role: 'viewer' } })).status).toBe(200)
    await writeParagraphs(world.server, pageId, ann.token, ['Seven were sentenced to death.'])
    // The owner watches the space's list of open proposals: new ones show without a reload.
    const owner = await world.person(ann.token)
    await owner.page.goto(`${world.server.url}/s/${spaceSlug}/-/proposals`)
    await poll(() => owner.page.locator('[data-proposals-empty]').innerText()).toBe('No open proposals.')
    const propose = async () => (await api<{ id: string }>(world.server.url, 'POST', `/api/pages/${pageId}/proposals`, { token: bob.token, body: {} })).body.id
    const declined = await propose()
    const orphaned = await propose()
    await poll(() => owner.page.locator('[data-proposal-list] li').count()).toBe(2)

    // The owner declines the first with a reason; its author sees the reason, live, and in the inbox.
    const viewer = await world.person(bob.token)
    await viewer.page.goto(`${world.server.url}/proposals/${declined}`)
    await waitForSaveState(viewer.page, 'saved')
    await owner.page.goto(`${world.server.url}/proposals/${declined}`)
    await owner.page.locator('[data-proposal-decline]').click()
    await owner.page.locator('[data-proposal-reason]').fill('Not in the sources we have.')
    await owner.page.locator('[data-proposal-decline-confirm]').click()
    await poll(() => owner.page.locator('[data-proposal-status]').getAttribute('data-proposal-status')).toBe('declined')
    await poll(() => viewer.page.locator('[data-proposal-reason-shown]').innerText()).toBe('Not in the sources we have.')
    await poll(() => viewer.page.locator('[data-proposal-status]').innerText()).toContain(`Declined by ${ann.username}`)
    await poll(() => viewer.page.locator('[data-inbox-unread]').innerText()).toBe('1')

    // The page is deleted: the other proposal still opens, read-only, with Decline but no Merge.
    expect((await api(world.server.url, 'DELETE', `/api/pages/${pageId}`, { token: ann.token })).status).toBeLessThan(300)
    await owner.page.goto(`${world.server.url}/proposals/${orphaned}`)
    await poll(() => owner.page.locator('[data-proposal-status]').innerText()).toContain('The page was deleted')
    await expect(owner.page.locator('[data-proposal-decline]').count()).resolves.toBe(1)
    await expect(owner.page.locator('[data-proposal-merge]').count()).resolves.toBe(0)
    await viewer.page.goto(`${world.server.url}/proposals/${orphaned}`)
    await poll(() => viewer.page.locator('[data-proposal-status]').innerText()).toContain('The page was deleted')
    await poll(() => editorOf(viewer.page).getAttribute('contenteditable')).toBe('false')

    // Removed from the private space, the proposer is told the proposal is not available.
    expect((await api(world.server.url, 'DELETE', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token })).status).toBeLessThan(300)
    await viewer.page.goto(`${world.server.url}/proposals/${declined}`)
    await poll(() => viewer.page.locator('.error-state__title').innerText()).toBe('This proposal is not available')
    expect(owner.errors).toEqual([])
  })

  it('the proposer invites a co-editor, whose open proposal turns editable without a reload; a stranger cannot be invited', async () => {
    const ann = await signUpUser(world.server.url, 'ann')
    const bob = await signUpUser(world.server.url, 'bob')
    const cat = await signUpUser(world.server.url, 'cat')
    const { spaceId, pageId } = await createSpaceWithPage(world.server.url, ann.token, { title: 'Works' })
    for (const viewer of [bob, cat]) {
      expect((await api(world.server.url, 'PUT', `/api/spaces/${spaceId}/members/${viewer.username}`, { token: ann.token, body: { role: 'viewer' } })).status).toBe(200)
    }
    await writeParagraphs(world.server, pageId, ann.token, ['The works stood still.'])
    const proposal = (await api<{ id: string }>(world.server.url, 'POST', `/api/pages/${pageId}/proposals`, { token: bob.token, body: {} })).body.id

    const author = await world.person(bob.token)
    const helper = await world.person(cat.token)
    await helper.page.goto(`${world.server.url}/proposals/${proposal}`)
    await poll(() => editorOf(helper.page).getAttribute('contenteditable')).toBe('false')
    await author.page.goto(`${world.server.url}/proposals/${proposal}`)
    await waitForSaveState(author.page, 'saved')

    // A name that is not a member is refused in place, the name kept.
    await author.page.locator('[data-proposal-invite-name]').fill('nobody-here')
    await author.page.locator('[data-proposal-invite] button[type="submit"]').click()
    await poll(() => author.page.locator('[data-proposal-coeditors] [role="alert"]').innerText()).toContain('is not a member')
    await expect(author.page.locator('[data-proposal-invite-name]').inputValue()).resolves.toBe('nobody-here')
    await author.page.locator('[data-proposal-invite-name]').fill(cat.username)
    await author.page.locator('[data-proposal-invite] button[type="submit"]').click()
    await poll(() => author.page.locator(`[data-coeditor="${cat.username}"]`).count()).toBe(1)

    // Cat's open proposal turns editable; her words are stored and reach the author.
    await poll(() => editorOf(helper.page).getAttribute('contenteditable')).toBe('true')
    await typeAtEnd(helper.page, ' For a day.')
    await waitForSaveState(helper.page, 'saved')
    await expectEditorText(author.page, 'The works stood still. For a day.')
    // The one refusal is the invitation of a stranger.
    expect(author.errors.filter((e) => !/^400 PUT \/api\/proposals\/.+\/coeditors\/nobody-here$/u.test(e))).toEqual([])
    expect(helper.errors).toEqual([])
  })

  it('a viewer attaches a file in their proposal from the toolbar, though they may not edit the page', async () => {
    const ann = await signUpUser(world.server.url, 'ann')
    const bob = await signUpUser(world.server.url, 'bob')
    const { spaceId, pageId } = await createSpaceWithPage(world.server.url, ann.token, { title: 'Leaflets' })
    expect((await api(world.server.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token, body: { role: 'viewer' } })).status).toBe(200)
    await writeParagraphs(world.server, pageId, ann.token, ['The strike committee printed leaflets.'])

    const viewer = await world.person(bob.token)
    await viewer.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(viewer.page, 'reading')
    await viewer.page.locator('[data-suggest-changes]').click()
    await viewer.page.waitForURL(/\/proposals\/[0-9a-f-]+$/u)
    await waitForSaveState(viewer.page, 'saved')
    await typeAtEnd(viewer.page, ' One survives: ')
    const chooser = viewer.page.waitForEvent('filechooser')
    await viewer.page.getByRole('button', { name: 'Attach a file' }).click()
    await (await chooser).setFiles({ name: 'leaflet.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Workers of Novocherkassk') })
    const block = editorOf(viewer.page).locator('[data-file]')
    await block.waitFor()
    expect(await block.locator('.file-block__name').innerText()).toBe('leaflet.pdf')
    await waitForSaveState(viewer.page, 'saved')
    expect(await viewer.page.locator('[role="alert"]').count()).toBe(0)
    expect(viewer.errors).toEqual([])
  })
})
