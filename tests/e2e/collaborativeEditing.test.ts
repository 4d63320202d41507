import { describe, expect, it } from 'vitest'
import { api, createPageForTwo, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { editorOf, editorText, expectEditorText, type Person, saveScreenshot, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('editing a page together')

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld(undefined, { serviceWorkers: 'allow' })
  const person = world.person

  /** An owner with a page, and an editor member of that space. */
  const pageForTwo = () => createPageForTwo(world.server.url, 'Dear Comrades!')

  it('shows two people each other’s text, caret and avatar, and a reload keeps everything', async () => {
    const { ann, bob, pageId } = await pageForTwo()

    // Ann signs in through the form; Bob arrives with his session cookie.
    const annTab = await person()
    await annTab.page.goto(`${world.server.url}/sign-in?redirect=${encodeURIComponent(`/p/${pageId}`)}`)
    await annTab.page.getByLabel('Username').fill(ann.username)
    await annTab.page.getByLabel('Password').fill('correct horse battery')
    await annTab.page.getByRole('button', { name: 'Sign in' }).click()
    await annTab.page.waitForURL(`**/p/${pageId}`)
    const bobTab = await person(bob.token)
    await bobTab.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(annTab.page, 'saved')
    await waitForSaveState(bobTab.page, 'saved')

    await typeAtEnd(annTab.page, 'Lyudmila believes in the Party. ')
    await expectEditorText(bobTab.page, 'Lyudmila believes in the Party.')
    await typeAtEnd(bobTab.page, 'Then the shooting starts.')
    await expectEditorText(annTab.page, 'Then the shooting starts.')

    // Each sees the other's named caret and avatar.
    await expect.poll(() => annTab.page.locator('.collab-caret__label').allInnerTexts()).toContain(bob.username)
    await expect.poll(() => bobTab.page.locator('.collab-caret__label').allInnerTexts()).toContain(ann.username)
    await expect.poll(() => annTab.page.locator(`.presence__avatar[data-name="${bob.username}"]`).count()).toBe(1)
    await expect.poll(() => bobTab.page.locator(`.presence__avatar[data-name="${ann.username}"]`).count()).toBe(1)

    // Bob's caret inside a word splits it in the editor's raw text (its name label is an element
    // there); the text a person reads, as editorText gives it, has the word whole.
    await bobTab.page.keyboard.press('Control+Home')
    for (let i = 0; i < 4; i += 1) await bobTab.page.keyboard.press('ArrowRight')
    await expect.poll(() => editorOf(annTab.page).innerText()).toContain(`Lyud\n${bob.username}\nmila`)
    expect(await editorText(annTab.page)).toContain('Lyudmila believes in the Party. Then the shooting starts.')

    // Markdown input rules and a [[wiki link]] typed by Ann reach Bob as structure.
    await typeAtEnd(annTab.page, '\n## Aftermath\nSee [[Novocherkassk massacre]] for the events.')
    await expect.poll(() => bobTab.page.locator('.ProseMirror h2').allInnerTexts().catch(() => [])).toEqual(['Aftermath'])
    await expect.poll(() => bobTab.page.locator('.ProseMirror a.wiki-link').getAttribute('data-wiki-target')).toBe('Novocherkassk massacre')

    await waitForSaveState(annTab.page, 'saved')
    await waitForSaveState(bobTab.page, 'saved')
    await saveScreenshot(annTab.page, 'two-people-on-one-page')

    await bobTab.page.reload()
    await waitForSaveState(bobTab.page, 'saved')
    await expectEditorText(bobTab.page, 'Lyudmila believes in the Party. Then the shooting starts.')
    await expect(bobTab.page.locator('.ProseMirror a.wiki-link').innerText()).resolves.toBe('Novocherkassk massacre')
    expect(annTab.errors).toEqual([])
    expect(bobTab.errors).toEqual([])
  })

  it('keeps edits made offline in the tab when the device keeps no copy, says so, warns before leaving, and syncs them when the connection returns', async () => {
    const { ann, bob, pageId, spaceSlug } = await pageForTwo()
    const annTab = await person(ann.token)
    const bobTab = await person(bob.token)
    // "Keep pages on this device" is off (a shared computer): the edits live only in the tab.
    await bobTab.context.addInitScript(() => localStorage.setItem('palimpsest.keepPagesOnDevice', 'off'))
    await annTab.page.goto(`${world.server.url}/p/${pageId}`)
    await bobTab.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(annTab.page, 'saved')
    await waitForSaveState(bobTab.page, 'saved')

    await bobTab.context.setOffline(true)
    await waitForSaveState(bobTab.page, 'offline')
    await expect(bobTab.page.locator('.save-state').innerText()).resolves.toBe('Offline')
    await typeAtEnd(bobTab.page, 'Written on the train without a signal.')
    await waitForSaveState(bobTab.page, 'held')
    await expect(bobTab.page.locator('.save-state').innerText()).resolves.toBe('Offline — your changes are kept in this tab and will sync')
    await typeAtEnd(annTab.page, 'Meanwhile, at the archive. ')

    // Leaving now would lose Bob's words: the router asks first, and staying keeps them.
    const asked: string[] = []
    bobTab.page.once('dialog', (dialog) => {
      asked.push(dialog.message())
      void dialog.dismiss()
    })
    await bobTab.page.locator('.page-crumbs a').click()
    await expect.poll(() => asked).toHaveLength(1)
    expect(asked[0]).toMatch(/not reached the server/u)
    expect(new URL(bobTab.page.url()).pathname).toBe(`/p/${pageId}`)
    expect(await editorText(annTab.page)).not.toContain('without a signal')

    await bobTab.context.setOffline(false)
    await waitForSaveState(bobTab.page, 'saved', 30_000)
    await expectEditorText(annTab.page, 'Written on the train without a signal.')
    await expectEditorText(bobTab.page, 'Meanwhile, at the archive.')

    // Saved: leaving needs no question any more.
    await bobTab.page.locator('.page-crumbs a').click()
    await bobTab.page.waitForURL(`**/s/${spaceSlug}`)
  })

  it('reconnects after a network flap shorter than the socket takes to close, and saves what was typed', async () => {
    const { ann, bob, pageId } = await pageForTwo()
    const annTab = await person(ann.token)
    const bobTab = await person(bob.token)
    await annTab.page.goto(`${world.server.url}/p/${pageId}`)
    await bobTab.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(bobTab.page, 'saved')

    // The browser reports the network gone and back within one task, before the socket closed.
    await bobTab.page.evaluate(() => {
      window.dispatchEvent(new Event('offline'))
      window.dispatchEvent(new Event('online'))
    })
    await typeAtEnd(bobTab.page, 'Typed right after the flap.')
    await waitForSaveState(bobTab.page, 'saved', 30_000)
    await expectEditorText(annTab.page, 'Typed right after the flap.')
  })

  it('lets a viewer and a signed-out reader read but not type, and says why', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const viewer = await signUpUser(world.server.url, 'viewer')
    const place = await createSpaceWithPage(world.server.url, owner.token, { visibility: 'public', title: 'Sources' })
    await api(world.server.url, 'PUT', `/api/spaces/${place.spaceId}/members/${viewer.username}`, { token: owner.token, body: { role: 'viewer' } })

    const ownerTab = await person(owner.token)
    await ownerTab.page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(ownerTab.page, 'saved')
    await typeAtEnd(ownerTab.page, 'Only the owner writes here.')
    await waitForSaveState(ownerTab.page, 'saved')

    let guest: Person | undefined
    for (const [token, reason] of [[viewer.token, /Ask an owner/u], [undefined, /Sign in to edit/u]] as const) {
      const reader = await person(token)
      if (!token) guest = reader
      await reader.page.goto(`${world.server.url}/p/${place.pageId}`)
      await waitForSaveState(reader.page, 'reading')
      await expectEditorText(reader.page, 'Only the owner writes here.')
      await expect(reader.page.getByTestId('read-only-banner').innerText()).resolves.toMatch(reason)
      await expect(editorOf(reader.page).getAttribute('contenteditable')).resolves.toBe('false')
      await expect(reader.page.getByRole('toolbar', { name: 'Formatting' }).count()).resolves.toBe(0)
      await editorOf(reader.page).click()
      await reader.page.keyboard.type('Vandalism!')
      await reader.page.waitForTimeout(300)
      expect(await editorText(reader.page)).not.toContain('Vandalism')
      expect(await editorText(ownerTab.page)).not.toContain('Vandalism')
      // A reader has written nothing the server refused: no "not saved" notice.
      expect(await reader.page.locator('[data-unsent-notice]').count()).toBe(0)
    }
    // The owner sees the signed-out reader as "Reader"; the reader sees the owner, and is not listed to themselves.
    await expect.poll(() => ownerTab.page.locator('.presence__avatar[data-name="Reader"]').count()).toBe(1)
    await expect.poll(() => guest!.page.locator(`.presence__avatar[data-name="${owner.username}"]`).count()).toBe(1)
    expect(await guest!.page.locator('.presence__avatar[data-name="Reader"]').count()).toBe(0)
    expect(await guest!.page.getByText('Only you are on this page').count()).toBe(0)
    expect(guest!.errors).toEqual([])
  })
})
