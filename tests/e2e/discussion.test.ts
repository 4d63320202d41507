import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { writeParagraphs } from '../server/discussion/discussionWorld.ts'
import { saveScreenshot, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('discussion: comments on passages, mentions and the inbox')

describe.skipIf(suite.skip)(suite.title, { timeout: 180_000 }, () => {
  const world = useBrowserWorld()
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })

  /** Selects `words` in the page text the way a mouse would (the browser's own selection). */
  async function select(page: Page, words: string) {
    await page.evaluate((wanted) => {
      const editor = document.querySelector('.ProseMirror')!
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(wanted)
        if (at < 0) continue
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + wanted.length)
        const selection = window.getSelection()!
        selection.removeAllRanges()
        selection.addRange(range)
        return
      }
      throw new Error(`“${wanted}” is not in the text`)
    }, words)
  }
  const thread = (page: Page) => page.locator('[data-discussion] [data-thread-id]')
  // The badge's text, '0' when there is none. Read in one step: counting the badge and then
  // asking for its text waits for a badge that a refresh removed in between, hanging the poll
  // past its timeout (what made "Mark all read" fail under load in CI).
  const unread = async (page: Page) => (await page.locator('[data-inbox-unread]').allInnerTexts())[0] ?? '0'

  it('a viewer comments on a selected passage with a mention; the owner sees it live, replies, resolves; the viewer reopens and follows the inbox', async () => {
    const ann = await signUpUser(world.server.url, 'ann')
    const bob = await signUpUser(world.server.url, 'bob')
    const { spaceId, pageId } = await createSpaceWithPage(world.server.url, ann.token, { title: 'Square' })
    expect((await api(world.server.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token, body: { role: 'viewer' } })).status).toBe(200)
    await writeParagraphs(world.server, pageId, ann.token, ['The square was washed clean overnight, and the blood covered with asphalt.'])

    const owner = await world.person(ann.token)
    const viewer = await world.person(bob.token)
    await owner.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(owner.page, 'saved')
    await viewer.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(viewer.page, 'reading')

    // The viewer selects words and comments, mentioning the owner through the autocomplete.
    await select(viewer.page, 'washed clean overnight')
    await viewer.page.locator('[data-comment-selection]').click()
    const draft = viewer.page.locator('[data-discussion-draft]')
    await expect(draft.locator('q').innerText()).resolves.toBe('washed clean overnight')
    const box = draft.locator('[data-comment-body]')
    await box.click()
    await box.pressSequentially(`Who ordered this, @${ann.username.slice(0, 4)}`)
    await viewer.page.locator('[data-mention-suggestions] [role=option]', { hasText: ann.username }).waitFor()
    await box.press('Enter')
    await box.pressSequentially('?')
    await expect(box.inputValue()).resolves.toBe(`Who ordered this, @${ann.username} ?`)
    await draft.getByRole('button', { name: 'Comment' }).click()
    await poll(() => thread(viewer.page).count()).toBe(1)
    await poll(() => viewer.page.locator('.ProseMirror .thread-highlight').innerText()).toBe('washed clean overnight')

    // The owner's open page shows the highlight and the thread without a reload, and the mention in the inbox.
    await poll(() => owner.page.locator('.ProseMirror .thread-highlight').innerText()).toBe('washed clean overnight')
    await poll(() => thread(owner.page).locator('[data-comment-text]').first().innerText()).toContain('Who ordered this')
    await poll(() => unread(owner.page)).toBe('1')

    // Clicking the highlight opens (activates) its thread; the owner replies and resolves it.
    await owner.page.locator('.ProseMirror .thread-highlight').click()
    await poll(() => thread(owner.page).first().getAttribute('class')).toContain('is-active')
    await thread(owner.page).getByRole('button', { name: 'Reply' }).click()
    await thread(owner.page).locator('[data-comment-body]').fill('The city committee, by the accounts we have.')
    await thread(owner.page).getByRole('button', { name: 'Reply' }).click()
    await poll(() => thread(viewer.page).locator('[data-comment-text]').allInnerTexts()).toEqual([expect.stringContaining('Who ordered'), 'The city committee, by the accounts we have.'])
    await thread(owner.page).getByRole('button', { name: 'Resolve' }).click()
    await poll(() => owner.page.locator('.ProseMirror .thread-highlight').count()).toBe(0)
    await poll(() => viewer.page.locator('[data-tab="resolved"]').innerText()).toContain('1')

    // The viewer, its author, reopens it; their inbox holds the reply and the resolution.
    await viewer.page.locator('[data-tab="resolved"]').click()
    await thread(viewer.page).getByRole('button', { name: 'Reopen' }).click()
    await poll(() => owner.page.locator('.ProseMirror .thread-highlight').count()).toBe(1)
    await saveScreenshot(owner.page, 'discussion-desktop')

    // The viewer edits their own comment (the owner sees it change); the owner has no Edit on it.
    await viewer.page.locator('[data-tab="open"]').click()
    const own = thread(viewer.page).locator('[data-comment-id]').first()
    await own.getByRole('button', { name: 'Edit' }).click()
    await own.locator('[data-comment-body]').fill('Who ordered the square washed?')
    await own.getByRole('button', { name: 'Save' }).click()
    await poll(() => thread(owner.page).locator('[data-comment-text]').first().innerText()).toBe('Who ordered the square washed?')
    await expect(thread(owner.page).locator('[data-comment-id]').first().getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0)
    await poll(() => unread(viewer.page)).toBe('2')
    await viewer.page.locator('[data-inbox-button]').click()
    await poll(() => viewer.page.locator('[data-inbox-panel] [data-notification-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-notification-kind')))).toEqual(['resolved', 'reply'])

    // Following the owner's mention opens the page at the thread and marks it read.
    await owner.page.goto(`${world.server.url}/`)
    // The home view moves on to the last space once the list of spaces arrives, and a menu
    // closes on navigation: open the inbox after that move, as a person would see it.
    await owner.page.waitForURL(/\/s\//u)
    await owner.page.locator('[data-inbox-button]').click()
    await owner.page.locator('[data-inbox-panel] [data-notification-kind="mention"]').click()
    await owner.page.waitForURL(`**/p/${pageId}?thread=*`)
    await poll(() => owner.page.locator('[data-discussion] [data-thread-id].is-active').count()).toBe(1)
    await poll(() => unread(owner.page)).toBe('0')
    // "Mark all read" in the viewer's inbox. Its badge stayed at 2 in CI runs (never locally): a
    // failure here carries what the viewer's inbox asked and was answered.
    const asked: string[] = []
    const began = Date.now()
    viewer.page.on('requestfinished', (request) => {
      if (!request.url().includes('/api/notifications')) return
      void request.response().then(async (response) => asked.push(`${Date.now() - began} ms ${request.method()} ${new URL(request.url()).pathname} ${response?.status()} ${(await response?.text().catch(() => '')) ?? ''}`.slice(0, 160)))
    })
    viewer.page.on('requestfailed', (request) => asked.push(`${Date.now() - began} ms ${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`))
    await viewer.page.locator('[data-inbox-read-all]').click()
    try {
      await poll(async () => [await unread(viewer.page), await viewer.page.locator('[data-inbox-panel] [role="alert"]').allInnerTexts()]).toEqual(['0', []])
    } catch (cause) {
      throw new Error(`${String(cause)}\nThe viewer's inbox requests:\n${asked.join('\n')}\nPanel open: ${await viewer.page.locator('[data-inbox-panel]').isVisible()}`, { cause })
    }

    // A page-level thread, deleted by its author: it goes from both pages.
    await viewer.page.locator('[data-page-thread]').click()
    const talk = viewer.page.locator('[data-discussion] form').last()
    await talk.locator('[data-comment-body]').fill('On the page as a whole: too short.')
    await talk.getByRole('button', { name: 'Start thread' }).click()
    await poll(() => thread(owner.page).count()).toBe(2)
    const pageLevel = thread(viewer.page).filter({ hasText: 'On the whole page' })
    viewer.page.once('dialog', (dialog) => void dialog.accept())
    await pageLevel.getByRole('button', { name: 'Delete' }).click()
    await poll(() => thread(owner.page).count()).toBe(1)

    // A mention of someone outside the space is refused with a message, the text kept.
    await viewer.page.locator('[data-page-thread]').click()
    const pageThread = viewer.page.locator('[data-discussion] form').last()
    await pageThread.locator('[data-comment-body]').fill('Ask @nobody_here_at_all')
    await pageThread.getByRole('button', { name: 'Start thread' }).click()
    await poll(() => pageThread.locator('[data-comment-error]').innerText()).toContain('@nobody_here_at_all is not a member')

    // The page's history timeline shows the thread opened, resolved and reopened (and the deleted
    // page-level thread's opening: history keeps that it happened), never their text.
    await owner.page.goto(`${world.server.url}/p/${pageId}/history`)
    await poll(() => owner.page.locator('[data-thread-event]').evaluateAll((els) => els.map((e) => e.getAttribute('data-thread-event')))).toEqual(['opened', 'reopened', 'resolved', 'opened'])
    await expect(owner.page.locator('.history-timeline').innerText()).resolves.not.toContain('Who ordered')
    expect(owner.errors).toEqual([])
  })

  it('works at phone width: the discussion is a drawer opened from a button, nothing overflows (390×844)', async () => {
    const ann = await signUpUser(world.server.url, 'ann')
    const { pageId } = await createSpaceWithPage(world.server.url, ann.token, { title: 'Phone' })
    await writeParagraphs(world.server, pageId, ann.token, ['Seven death sentences were carried out.'])
    await api(world.server.url, 'POST', `/api/pages/${pageId}/threads`, { token: ann.token, body: { body: 'Names?', quote: 'death sentences' } })
    const person = await world.person(ann.token)
    await person.page.setViewportSize({ width: 390, height: 844 })
    await person.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(person.page, 'saved')
    await poll(() => person.page.locator('.ProseMirror .thread-highlight').count()).toBe(1)
    const toggle = person.page.locator('[data-discussion-toggle]')
    await expect(toggle.isVisible()).resolves.toBe(true)
    await expect(thread(person.page).isVisible()).resolves.toBe(false)
    await toggle.click()
    await poll(() => thread(person.page).isVisible()).toBe(true)
    const box = (await thread(person.page).boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(await person.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await person.page.getByRole('button', { name: 'Close the discussion' }).click()
    await poll(() => thread(person.page).isVisible()).toBe(false)
    // Tapping the highlight opens the drawer at its thread.
    await person.page.locator('.ProseMirror .thread-highlight').click()
    await poll(() => thread(person.page).isVisible()).toBe(true)
    await saveScreenshot(person.page, 'discussion-phone-drawer')
    // The header keeps the inbox in reach; its list fits the screen.
    const bell = (await person.page.locator('[data-inbox-button]').boundingBox())!
    expect(bell.x + bell.width).toBeLessThanOrEqual(390)
    await person.page.locator('[data-inbox-button]').click()
    const panel = (await person.page.locator('[data-inbox-panel]').boundingBox())!
    expect(panel.x).toBeGreaterThanOrEqual(0)
    expect(panel.x + panel.width).toBeLessThanOrEqual(390)
    await saveScreenshot(person.page, 'discussion-phone-inbox')
  })
})
