import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { connectProvider, waitFor } from '../support/providers.ts'
import { appendLinkedParagraph } from '../server/links/linkWriting.ts'
import { waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('link previews')

const STRIKE = 'The workers of the locomotive works stopped work on 1 June 1962.'

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld()
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })

  /** A public space: "Notes" links to "Strike" (which has text), to a red link and into a private space. */
  async function world1() {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Notes', visibility: 'public' })
    const hidden = await createSpaceWithPage(world.server.url, owner.token, { title: 'Diary', visibility: 'private' })
    const strikeId = (await api(world.server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: owner.token, body: { title: 'Strike' } })).body.id
    const strike = await connectProvider(world.server.wsUrl, strikeId, { token: owner.token })
    appendLinkedParagraph(strike.doc, [STRIKE])
    const notes = await connectProvider(world.server.wsUrl, place.pageId, { token: owner.token })
    appendLinkedParagraph(notes.doc, ['Read ', { target: 'Strike' }, ', then write ', { target: 'Leaflets' }, ' and see ', { target: `${hidden.spaceSlug}:Diary`, label: 'my diary' }, '.'])
    await strike.settled()
    await notes.settled()
    await waitFor(async () => (await api(world.server.url, 'GET', `/api/pages/${strikeId}/backlinks`)).body.length === 1, 'the backlink')
    strike.destroy()
    notes.destroy()
    return { owner, place, strikeId }
  }

  const link = (page: Page, target: string) => page.locator(`.ProseMirror a.wiki-link[data-wiki-target="${target}"]`)
  const card = (page: Page) => page.getByTestId('link-preview')

  it('hovering a wiki link shows its title, first paragraph and last change; a red link says it has no page; a hidden one only its title', async () => {
    const { place } = await world1()
    const { page, errors } = await world.person()
    await page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(page, 'reading')

    await link(page, 'Strike').hover()
    await poll(() => card(page).getByRole('heading').innerText()).toBe('Strike')
    await poll(() => card(page).innerText()).toContain(STRIKE)
    expect(await card(page).innerText()).toContain('Last edited')

    await link(page, 'Leaflets').hover()
    await poll(() => card(page).innerText()).toContain('This page does not exist yet.')
    expect(await card(page).getByRole('link', { name: /Create/u }).count()).toBe(0)

    const hiddenLink = page.locator('.ProseMirror a.wiki-link', { hasText: 'my diary' })
    await hiddenLink.hover()
    await poll(() => card(page).getByRole('heading').innerText()).toBe('Diary')
    expect((await card(page).innerText()).trim()).toBe('Diary')

    // Moving away closes it; keyboard focus opens it too.
    await page.mouse.move(5, 5)
    await poll(() => card(page).count()).toBe(0)
    await link(page, 'Strike').focus()
    await poll(() => card(page).getByRole('heading').innerText()).toBe('Strike')
    await page.keyboard.press('Escape')
    await poll(() => card(page).count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('a reader is offered to create a red link’s page in a space they edit; editing, the link popover shows the preview; a backlink previews its page', async () => {
    const { owner, place, strikeId } = await world1()
    // Someone who only reads the space of "Notes" but owns a space that a link there points into.
    const other = await signUpUser(world.server.url, 'other')
    const theirs = await createSpaceWithPage(world.server.url, other.token, { title: 'Home', visibility: 'public' })
    const writer = await connectProvider(world.server.wsUrl, place.pageId, { token: owner.token })
    appendLinkedParagraph(writer.doc, ['Compare ', { target: `${theirs.spaceSlug}:Their leaflets`, label: 'their leaflets' }, '.'])
    await writer.settled()
    writer.destroy()
    const reader = await world.person(other.token)
    await reader.page.goto(`${world.server.url}/p/${place.pageId}`)
    await poll(() => link(reader.page, `${theirs.spaceSlug}:Their leaflets`).count()).toBe(1)
    await link(reader.page, 'Leaflets').hover()
    await poll(() => card(reader.page).innerText()).toContain('This page does not exist yet.')
    expect(await card(reader.page).getByRole('link', { name: /Create/u }).count()).toBe(0)
    await link(reader.page, `${theirs.spaceSlug}:Their leaflets`).hover()
    const create = card(reader.page).getByRole('link', { name: 'Create “Their leaflets”' })
    await create.click()
    await reader.page.waitForURL(`**/s/${theirs.spaceSlug}/-/new?title=Their%20leaflets`)

    const { page, errors } = await world.person(owner.token)
    await page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(page, 'saved')
    await link(page, 'Strike').hover()
    const popover = page.getByTestId('wiki-link-popover')
    await poll(() => popover.innerText()).toContain(STRIKE)
    expect(await card(page).count()).toBe(0)

    await page.goto(`${world.server.url}/p/${strikeId}`)
    await waitForSaveState(page, 'saved')
    await page.locator('a[data-preview-page-id]', { hasText: 'Notes' }).hover()
    await poll(() => card(page).getByRole('heading').innerText()).toBe('Notes')
    await poll(() => card(page).innerText()).toContain('Read Strike, then write Leaflets')
    expect([...errors, ...reader.errors]).toEqual([])
  })

  it('on a phone a long press on a link shows its card instead of following it', async () => {
    const { place } = await world1()
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
    try {
      const page = await context.newPage()
      await page.goto(`${world.server.url}/p/${place.pageId}`)
      await waitForSaveState(page, 'reading')
      const box = (await link(page, 'Strike').boundingBox())!
      const cdp = await context.newCDPSession(page)
      const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] })
      await poll(() => card(page).getByRole('heading').innerText()).toBe('Strike')
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
      const cardBox = (await card(page).boundingBox())!
      expect(cardBox.x).toBeGreaterThanOrEqual(0)
      expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(390)
      expect(new URL(page.url()).pathname).toBe(`/p/${place.pageId}`)
    } finally {
      await context.close()
    }
  })
})
