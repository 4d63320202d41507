import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSpaceWithPage, grantRole, signUpUser } from '../support/api.ts'
import { appendParagraph, connectProvider } from '../support/providers.ts'
import { startHistoryServer, waitForRevisions } from '../server/history/historyServer.ts'
import { editorOf, editorText, waitForSaveState } from './browserSession.ts'
import type { Page } from 'playwright-core'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('page history')

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld(startHistoryServer)

  /** One editing session through a real provider; the revision is cut when the editor leaves. */
  async function edit(token: string, pageId: string, change: (doc: Y.Doc) => void, revisions: number) {
    const writer = await connectProvider(world.server.wsUrl, pageId, { token })
    change(writer.doc)
    await writer.settled()
    writer.destroy()
    await waitForRevisions(world.server.url, pageId, revisions, token)
  }

  it('an editor opens the history, compares two revisions, sees the insertion in its author’s colour, and restores the older one', async () => {
    const alice = await signUpUser(world.server.url, 'alice')
    const bob = await signUpUser(world.server.url, 'bob')
    const { spaceId, pageId } = await createSpaceWithPage(world.server.url, alice.token, { title: 'The strike' })
    await grantRole(world.server.url, alice.token, spaceId, bob.username, 'editor')
    await edit(alice.token, pageId, (doc) => appendParagraph(doc, 'The workers marched to the city centre.'), 1)
    await edit(bob.token, pageId, (doc) => {
      const text = (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
      text.insert(text.length, ' Troops fired.')
    }, 2)

    const person = await world.person(alice.token)
    const { page, errors } = person
    await page.goto(`${world.server.url}/p/${pageId}`)
    // As a person does: the page has loaded before they reach for its history.
    await waitForSaveState(page, 'saved')
    await page.getByRole('link', { name: 'History' }).click()
    await page.waitForURL(`**/p/${pageId}/history`)
    await expect.poll(() => page.locator('.history-timeline__item').count()).toBe(2)

    // The timeline picks the last change by default: revision 1 → revision 2.
    await page.getByTestId('compare-selected').click()
    await page.waitForURL(/view=compare/u)
    const insertion = page.locator('ins.history-run--added')
    await expect.poll(() => insertion.allInnerTexts()).toEqual([' Troops fired.'])
    expect(await page.locator('del.history-run--removed').count()).toBe(0)
    const bobInLegend = page.locator('.history-legend__author', { hasText: bob.username })
    const hueOf = async (style: string | null) => /--author-hue:\s*(\d+)/u.exec(style ?? '')?.[1]
    const bobHue = await hueOf(await bobInLegend.getAttribute('style'))
    const aliceHue = await hueOf(await page.locator('.history-legend__author', { hasText: alice.username }).getAttribute('style'))
    expect(bobHue).toBeTruthy()
    expect(bobHue).not.toBe(aliceHue)
    expect(await hueOf(await insertion.getAttribute('style'))).toBe(bobHue)
    await insertion.hover()
    await expect.poll(() => page.getByRole('tooltip').innerText()).toContain(`Added by ${bob.username}`)
    expect(await page.getByRole('tooltip').innerText()).toContain('Revision #2')

    // Open revision 1 and restore it.
    await page.getByRole('link', { name: 'Timeline' }).click()
    await page.locator('.history-timeline__item[data-revision="1"] .history-timeline__open').click()
    await expect.poll(() => page.locator('.revision-view .prose').innerText()).toBe('The workers marched to the city centre.')
    await page.getByTestId('restore').click()
    await page.getByTestId('restore-confirm').click()
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('The page is revision #1 again')
    await expect.poll(() => page.locator('.history-timeline__item').count()).toBe(3)
    expect(await page.locator('.history-timeline__item[data-revision="3"]').innerText()).toContain('Restored #1')

    // The page itself reads as revision 1 again.
    await page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(page, 'saved')
    await expect.poll(() => editorText(page)).toBe('The workers marched to the city centre.')
    expect(errors).toEqual([])
  })

  it('a reader sees recent changes across the space and can narrow them to one author', async () => {
    const alice = await signUpUser(world.server.url, 'alice')
    const bob = await signUpUser(world.server.url, 'bob')
    const { spaceId, spaceSlug, pageId } = await createSpaceWithPage(world.server.url, alice.token, { title: 'Aftermath' })
    await grantRole(world.server.url, alice.token, spaceId, bob.username, 'viewer')
    await edit(alice.token, pageId, (doc) => appendParagraph(doc, 'Trials followed in August.'), 1)

    const person = await world.person(bob.token)
    const { page, errors } = person
    await page.goto(`${world.server.url}/s/${spaceSlug}/-/changes`)
    await expect.poll(() => page.locator('.recent-changes__item').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('.recent-changes__item').innerText()).toContain('Aftermath')
    await page.getByLabel('Only changes by').fill(bob.username)
    await page.getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => page.locator('.recent-changes__empty').innerText()).toContain(`No changes by ${bob.username}`)
    // A viewer reads history but is not offered to restore or name versions.
    await page.goto(`${world.server.url}/p/${pageId}/history`)
    await expect.poll(() => page.locator('.history-timeline__item').count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Name this version…' }).count()).toBe(0)
    // The open timeline follows the page: Alice's next editing session shows without a reload.
    await edit(alice.token, pageId, (doc) => appendParagraph(doc, 'The sentences were harsh.'), 2)
    await expect.poll(() => page.locator('.history-timeline__item').count(), { timeout: 15_000 }).toBe(2)
    expect(errors).toEqual([])
  })

  /** Puts the browser's caret before `word` in the editor's paragraph that holds it. */
  async function caretBefore(page: Page, word: string) {
    await editorOf(page).click()
    await page.evaluate((word) => {
      const walker = document.createTreeWalker(document.querySelector('.ProseMirror')!, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const at = node.data.indexOf(word)
        if (at < 0) continue
        const range = document.createRange()
        range.setStart(node, at)
        range.collapse(true)
        getSelection()!.removeAllRanges()
        getSelection()!.addRange(range)
        return
      }
      throw new Error(`no ${word} in the editor`)
    }, word)
    // ProseMirror reads a caret moved by the browser on 'selectionchange'; let it arrive first.
    await page.waitForFunction((word) => getSelection()?.focusNode?.textContent?.includes(word), word)
    await page.waitForTimeout(50)
  }

  it('Enter in the middle of someone else’s paragraph and H2 on another leave their words theirs in blame, with an empty word diff', async () => {
    const anna = await signUpUser(world.server.url, 'anna')
    const boris = await signUpUser(world.server.url, 'boris')
    const { spaceId, pageId } = await createSpaceWithPage(world.server.url, anna.token, { title: 'Structure' })
    await grantRole(world.server.url, anna.token, spaceId, boris.username, 'editor')
    await edit(anna.token, pageId, (doc) => {
      appendParagraph(doc, 'The workers stopped the line. Then they marched to the party committee.')
      appendParagraph(doc, 'What happened next')
    }, 1)

    const { page, errors } = await world.person(boris.token)
    await page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(page, 'saved')
    await caretBefore(page, 'Then')
    await page.keyboard.press('Enter')
    await caretBefore(page, 'happened')
    await page.locator('.toolbar__button[data-action="h2"]').click()
    await expect.poll(() => editorOf(page).locator('h2').innerText()).toBe('What happened next')
    await expect.poll(async () => (await editorOf(page).locator('p').allInnerTexts()).map((t) => t.trim()).filter(Boolean))
      .toEqual(['The workers stopped the line.', 'Then they marched to the party committee.'])
    await waitForSaveState(page, 'saved')
    // Leaving the page ends Boris's editing burst: revision 2 is his.
    await page.goto(`${world.server.url}/p/${pageId}/history`)
    const [second] = await waitForRevisions(world.server.url, pageId, 2, anna.token)
    expect(second.authors.map((u) => u.username)).toEqual([boris.username])
    await expect.poll(() => page.locator('.history-timeline__item').count()).toBe(2)
    expect(await page.locator('.history-timeline__item[data-revision="2"] [data-testid="size-delta-other"]').innerText()).toBe('structure')

    // Blame: every passage is Anna's.
    await page.goto(`${world.server.url}/p/${pageId}/history?view=blame`)
    const runs = page.locator('.history-run--blame')
    await expect.poll(() => runs.count()).toBeGreaterThan(0)
    expect(new Set(await runs.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.author)))).toEqual(new Set([anna.id]))
    expect((await runs.evaluateAll((els) => els.map((el) => el.textContent))).join('')).toBe('The workers stopped the line. Then they marched to the party committee.What happened next')

    // Compare revision 1 → 2: no word added or removed; the new blocks are Boris's restructuring.
    await page.getByRole('link', { name: 'Timeline' }).click()
    await page.getByTestId('compare-selected').click()
    await page.waitForURL(/view=compare/u)
    await expect.poll(() => page.getByTestId('compare-stats').innerText()).toContain('+0 words')
    expect(await page.getByTestId('compare-stats').innerText()).toContain('−0 words')
    expect(await page.locator('ins.history-run--added').count()).toBe(0)
    expect(await page.locator('del.history-run--removed').count()).toBe(0)
    const restructured = page.locator('.history-run--block-restructured')
    await expect.poll(() => restructured.count()).toBeGreaterThan(0)
    await restructured.first().hover()
    await expect.poll(() => page.getByRole('tooltip').innerText()).toContain(`Structure changed by ${boris.username}`)
    expect(errors).toEqual([])
  })
})
