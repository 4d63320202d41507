import { describe, expect, it } from 'vitest'
import { api, createPageForTwo, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { editorOf, editorText, expectEditorText, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('wiki pages and accounts')

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld(undefined, { serviceWorkers: 'allow' })
  const person = world.person

  it('lets a newcomer sign up, join a public space, start a page, link and create another, and rename it in place', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { visibility: 'public', title: 'Strike at the locomotive works' })
    expect((await api(world.server.url, 'PATCH', `/api/spaces/${place.spaceId}`, { token: owner.token, body: { joinable: true } })).status).toBe(200)

    const { page, errors } = await person()
    await page.goto(`${world.server.url}/s/${place.spaceSlug}`)
    await page.getByRole('link', { name: 'Sign up' }).click()
    // Every problem at once, each a sentence of its own (no field names).
    await page.getByLabel('Username').fill('v!')
    await page.getByLabel('Password').fill('password123')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect.poll(() => page.getByRole('alert').getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^A username has 3 to 32 letters/u),
      'That password is one of the most common ones, which are guessed first. Choose another.',
    ])
    errors.splice(errors.indexOf('400 POST /api/auth/signup'), 1)
    const username = `vera_${Math.random().toString(36).slice(2, 7)}`
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password').fill('correct horse battery')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL(`**/s/${place.spaceSlug}`)
    await page.getByRole('button', { name: 'Join this space' }).first().click()
    await page.getByRole('link', { name: 'New page' }).click()
    await page.getByLabel('Title').fill('Leaflets')
    await page.getByRole('button', { name: 'Create page' }).click()
    await page.waitForURL(`**/s/${place.spaceSlug}/leaflets`)
    await waitForSaveState(page, 'saved')

    await typeAtEnd(page, 'Workers read about [[Bread prices]] in the yard.')
    await waitForSaveState(page, 'saved')
    await page.locator('.ProseMirror a.wiki-link').click({ modifiers: ['ControlOrMeta'] })
    await page.waitForURL(`**/s/${place.spaceSlug}/w/Bread%20prices`)
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('“Bread prices” has not been written yet')
    await page.getByRole('link', { name: 'Create “Bread prices”' }).click()
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('Bread prices')
    await page.getByRole('button', { name: 'Create page' }).click()
    await page.waitForURL(`**/s/${place.spaceSlug}/bread-prices`)
    await waitForSaveState(page, 'saved')

    // The link now leads to the page that exists.
    await page.goto(`${world.server.url}/s/${place.spaceSlug}/leaflets`)
    // As above: the click waits for the page to be in sync, not only on screen.
    await waitForSaveState(page, 'saved')
    await page.locator('.ProseMirror a.wiki-link').click({ modifiers: ['ControlOrMeta'] })
    await page.waitForURL(`**/s/${place.spaceSlug}/bread-prices`)

    // Rename in place: a clash is explained, a free title is taken and the URL follows it.
    await page.getByRole('button', { name: 'Rename page' }).click()
    await page.getByLabel('Page title').fill('Strike at the Locomotive Works')
    await page.keyboard.press('Enter')
    await expect(page.getByRole('alert').innerText()).resolves.toContain('already called')
    await page.getByLabel('Page title').fill('Prices of bread and meat')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Prices of bread and meat')
    await page.waitForURL(`**/s/${place.spaceSlug}/prices-of-bread-and-meat`)
    expect(errors.filter((error) => !/^409 PATCH/u.test(error))).toEqual([])
  })

  it('undoes only your own changes when two people write', async () => {
    const { ann, bob, ...place } = await createPageForTwo(world.server.url, 'Undo')
    const annTab = await person(ann.token)
    const bobTab = await person(bob.token)
    for (const tab of [annTab, bobTab]) {
      await tab.page.goto(`${world.server.url}/p/${place.pageId}`)
      await waitForSaveState(tab.page, 'saved')
    }
    // The empty page says so, and nothing can be undone yet; both change with the first words.
    const undo = annTab.page.getByRole('button', { name: 'Undo' })
    await expect.poll(() => annTab.page.locator('.page-editor--empty').count()).toBe(1)
    await expect.poll(() => undo.getAttribute('aria-disabled')).toBe('true')
    await typeAtEnd(annTab.page, 'Ann wrote this.')
    await expectEditorText(bobTab.page, 'Ann wrote this.')
    await expect.poll(() => annTab.page.locator('.page-editor--empty').count()).toBe(0)
    await expect.poll(() => undo.getAttribute('aria-disabled')).toBeNull()
    // Bold pressed for the next words, and released again, with no text typed between.
    const bold = annTab.page.getByRole('button', { name: 'Bold' })
    await annTab.page.keyboard.press('Control+b')
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('true')
    await annTab.page.keyboard.press('Control+b')
    await expect.poll(() => bold.getAttribute('aria-pressed')).toBe('false')
    await typeAtEnd(bobTab.page, ' Bob wrote that.')
    await expectEditorText(annTab.page, 'Bob wrote that.')

    await bobTab.page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => editorText(annTab.page)).not.toContain('Bob wrote that.')
    expect(await editorText(annTab.page)).toContain('Ann wrote this.')
    await bobTab.page.keyboard.press('Control+Shift+z')
    await expectEditorText(annTab.page, 'Bob wrote that.')
  })

  it('lets an owner manage members, and a member’s open page follows their new role at once', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const member = await signUpUser(world.server.url, 'member')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Minutes' })

    const ownerTab = await person(owner.token)
    await ownerTab.page.goto(`${world.server.url}/s/${place.spaceSlug}`)
    await ownerTab.page.getByRole('link', { name: 'Members' }).click()
    await ownerTab.page.getByLabel('Add a person by username').fill(member.username)
    await ownerTab.page.getByLabel('Role', { exact: true }).selectOption('viewer')
    await ownerTab.page.getByRole('button', { name: 'Add' }).click()
    const roleOfMember = ownerTab.page.getByLabel(`Role of ${member.username}`)
    await expect.poll(() => roleOfMember.inputValue()).toBe('viewer')

    const memberTab = await person(member.token)
    await memberTab.page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(memberTab.page, 'reading')
    await expect(editorOf(memberTab.page).getAttribute('contenteditable')).resolves.toBe('false')

    // Promoted while the page is open: it becomes editable without a reload.
    await roleOfMember.selectOption('editor')
    await expect.poll(() => editorOf(memberTab.page).getAttribute('contenteditable')).toBe('true')
    await typeAtEnd(memberTab.page, 'Promoted and writing.')
    await waitForSaveState(memberTab.page, 'saved')

    // Members see no members page; removal takes the page away.
    await memberTab.page.goto(`${world.server.url}/s/${place.spaceSlug}/-/members`)
    await expect(memberTab.page.getByRole('alert').innerText()).resolves.toContain('Only owners')
    await memberTab.page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(memberTab.page, 'saved')
    ownerTab.page.once('dialog', (dialog) => void dialog.accept())
    await ownerTab.page.getByRole('button', { name: `Remove ${member.username}` }).click()
    await expect.poll(() => ownerTab.page.getByLabel(`Role of ${member.username}`).count()).toBe(0)
    await expect.poll(() => editorOf(memberTab.page).getAttribute('contenteditable')).toBe('false')
    await expect(memberTab.page.getByTestId('read-only-banner').innerText()).resolves.toMatch(/Read-only/u)
  })

  it('deletes a page after asking in the app’s own dialog, and tells someone else who has it open', async () => {
    const { ann, bob, ...place } = await createPageForTwo(world.server.url, 'Draft to drop')
    const annTab = await person(ann.token)
    const bobTab = await person(bob.token)
    for (const tab of [annTab, bobTab]) {
      await tab.page.goto(`${world.server.url}/p/${place.pageId}`)
      await waitForSaveState(tab.page, 'saved')
    }
    annTab.page.on('dialog', (dialog) => { annTab.errors.push(`a browser dialog: ${dialog.message()}`); void dialog.dismiss() })
    await annTab.page.getByRole('button', { name: 'More page actions' }).click()
    await annTab.page.getByRole('button', { name: 'Delete…' }).click()
    await annTab.page.getByRole('dialog', { name: 'Delete “Draft to drop”?' }).getByRole('button', { name: 'Delete page' }).click()
    await annTab.page.waitForURL(`**/s/${place.spaceSlug}`)
    await expect.poll(() => annTab.page.getByText('This space has no pages yet.').count()).toBe(1)
    await expect.poll(() => bobTab.page.getByTestId('read-only-banner').innerText().catch(() => '')).toContain('has been deleted')
    await expect(editorOf(bobTab.page).getAttribute('contenteditable')).resolves.toBe('false')
    expect(annTab.errors).toEqual([])
  })

  it('says clearly when a page is missing or private instead of showing a blank page', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { visibility: 'private', title: 'Secret minutes' })
    const { page } = await person()
    await page.goto(`${world.server.url}/p/${place.pageId}`)
    await expect(page.getByRole('alert').getByRole('heading').innerText()).resolves.toBe('Not found')
    await expect(page.getByRole('alert').innerText()).resolves.toContain('sign in')
    await page.goto(`${world.server.url}/no/such/thing`)
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('There is no page here')
  })
})
