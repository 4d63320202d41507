import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { appendParagraph, connectProvider } from '../support/providers.ts'
import { grantRole, startHistoryServer, waitForRevisions } from '../server/history/historyServer.ts'
import { editorOf, waitForSaveState } from './browserSession.ts'
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
    await expect.poll(() => editorOf(page).innerText()).toBe('The workers marched to the city centre.')
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
    expect(errors).toEqual([])
  })
})
