import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('wiki links')

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld()
  const person = world.person

  /** An owner with a space holding pages `titles`; returns their ids by title. */
  async function spaceWith(titles: string[]) {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: titles[0] })
    const ids: Record<string, string> = { [titles[0]]: place.pageId }
    for (const t of titles.slice(1)) {
      ids[t] = (await api(world.server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: owner.token, body: { title: t } })).body.id
    }
    return { owner, place, ids }
  }

  async function openPage(page: Page, pageId: string) {
    await page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(page, 'saved')
  }

  // Server round trips (indexing, resolution, notices) on a busy machine: give them time.
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })
  const link = (page: Page, target: string) => page.locator(`.ProseMirror a.wiki-link[data-wiki-target="${target}"]`)

  it('typing [[ offers the space’s page titles, a choice becomes a blue link, and following it opens the page', async () => {
    const { owner, place, ids } = await spaceWith(['Notes', 'Novocherkassk massacre', 'Nikita Khrushchev'])
    const { page, errors } = await person(owner.token)
    await openPage(page, ids.Notes)

    await typeAtEnd(page, 'Read about [[novo')
    const menu = page.getByRole('listbox', { name: 'Link to a page' })
    await poll(() => menu.getByRole('option').allInnerTexts()).toEqual(['Novocherkassk massacre', 'Link to “novo”\nnew page'])
    await page.keyboard.press('Enter')
    await page.keyboard.type(' today.')
    await poll(() => link(page, 'Novocherkassk massacre').innerText()).toBe('Novocherkassk massacre')
    await poll(() => link(page, 'Novocherkassk massacre').locator('.wiki-link--exists').count()).toBe(1)
    expect(await menu.count()).toBe(0)

    // Editing, a plain click puts the caret in the link and shows its popover; Open follows it.
    await link(page, 'Novocherkassk massacre').click()
    const popover = page.getByTestId('wiki-link-popover')
    await popover.waitFor()
    expect(new URL(page.url()).pathname).toBe(`/p/${ids.Notes}`)
    await popover.getByRole('button', { name: 'Open' }).click()
    await page.waitForURL(`**/s/${place.spaceSlug}/novocherkassk-massacre`)
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Novocherkassk massacre')
    // Ctrl/⌘-click follows at once.
    await openPage(page, ids.Notes)
    await link(page, 'Novocherkassk massacre').click({ modifiers: ['ControlOrMeta'] })
    await page.waitForURL(`**/s/${place.spaceSlug}/novocherkassk-massacre`)
    expect(errors).toEqual([])
  })

  it('the [[ menu, loaded after the page, offers titles for words typed before it arrived', async () => {
    const { owner, ids } = await spaceWith(['Notes', 'Novocherkassk massacre'])
    const { page, errors } = await person(owner.token)
    // The menu's code is held back until the words are typed.
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    await page.route('**/assets/WikiLinkSuggestions-*.js', async (route) => {
      await held
      await route.continue()
    })
    await openPage(page, ids.Notes)
    await typeAtEnd(page, 'See [[novo')
    release()
    const menu = page.getByRole('listbox', { name: 'Link to a page' })
    await poll(() => menu.getByRole('option').allInnerTexts()).toEqual(['Novocherkassk massacre', 'Link to “novo”\nnew page'])
    expect(errors).toEqual([])
  })

  it('a reader who cannot edit follows a link with a plain click', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Notes', visibility: 'public' })
    await api(world.server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: owner.token, body: { title: 'Strike' } })
    const writer = await person(owner.token)
    await openPage(writer.page, place.pageId)
    await typeAtEnd(writer.page, 'See [[Strike]].')
    await waitForSaveState(writer.page, 'saved')
    const reader = await person()
    await reader.page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(reader.page, 'reading')
    await link(reader.page, 'Strike').click()
    await reader.page.waitForURL(`**/s/${place.spaceSlug}/strike`)
    expect([...writer.errors, ...reader.errors]).toEqual([])
  })

  it('a web link: a plain click in a page being edited places the caret and shows open, edit and remove; Ctrl/⌘-click and a reader\'s click open it', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Sources', visibility: 'public' })
    const writer = await person(owner.token)
    // The web stays outside the test: any page opened at example.org is answered here.
    await writer.context.route('https://example.org/**', (route) => route.fulfill({ body: 'elsewhere', contentType: 'text/plain' }))
    await openPage(writer.page, place.pageId)
    await typeAtEnd(writer.page, 'Read https://example.org/strike and more.')
    await waitForSaveState(writer.page, 'saved')
    const webLink = (page: Page) => page.locator('.ProseMirror a[href="https://example.org/strike"]')
    await poll(() => webLink(writer.page).count()).toBe(1)

    const opened: string[] = []
    writer.context.on('page', (tab) => opened.push(tab.url()))
    await webLink(writer.page).click()
    const popover = writer.page.getByTestId('web-link-popover')
    await popover.waitFor()
    expect(await popover.innerText()).toContain('https://example.org/strike')
    expect(opened).toEqual([])
    // The caret is in the link: typing goes into its text.
    await writer.page.keyboard.type('X')
    await poll(() => webLink(writer.page).innerText()).toContain('X')
    await writer.page.keyboard.press('Backspace')

    // Edit opens the link form on this link; Open and Ctrl/⌘-click open a new tab.
    await popover.getByRole('button', { name: 'Edit' }).click()
    await poll(() => writer.page.getByLabel('Link address').inputValue()).toBe('https://example.org/strike')
    await writer.page.keyboard.press('Escape')
    await webLink(writer.page).click()
    const fromPopover = writer.context.waitForEvent('page')
    await popover.getByRole('button', { name: 'Open' }).click()
    await (await fromPopover).close()
    const fromModClick = writer.context.waitForEvent('page')
    await webLink(writer.page).click({ modifiers: ['ControlOrMeta'] })
    await (await fromModClick).close()
    expect(new URL(writer.page.url()).pathname).toBe(`/p/${place.pageId}`)

    // A reader's plain click follows it.
    const reader = await person()
    await reader.context.route('https://example.org/**', (route) => route.fulfill({ body: 'elsewhere', contentType: 'text/plain' }))
    await reader.page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(reader.page, 'reading')
    const fromReader = reader.context.waitForEvent('page')
    await webLink(reader.page).click()
    expect((await fromReader).url()).toBe('https://example.org/strike')
    expect(await reader.page.getByTestId('web-link-popover').count()).toBe(0)

    // Remove takes the link off and keeps the text.
    await webLink(writer.page).click()
    await popover.getByRole('button', { name: 'Remove link' }).click()
    await poll(() => webLink(writer.page).count()).toBe(0)
    await poll(() => writer.page.locator('.ProseMirror').innerText()).toContain('Read https://example.org/strike and more.')
    expect([...writer.errors, ...reader.errors]).toEqual([])
  })

  it('a red link offers to create its page with the title filled in, and turns blue at once in every open tab', async () => {
    const { owner, place, ids } = await spaceWith(['Leaflets'])
    const writer = await person(owner.token)
    const watcher = await person(owner.token)
    await openPage(writer.page, ids.Leaflets)
    await typeAtEnd(writer.page, 'Workers read about [[Bread prices]] in the yard.')
    await poll(() => link(writer.page, 'Bread prices').locator('.wiki-link--missing').count()).toBe(1)
    await openPage(watcher.page, ids.Leaflets)
    await poll(() => link(watcher.page, 'Bread prices').locator('.wiki-link--missing').count()).toBe(1)

    await link(writer.page, 'Bread prices').click({ modifiers: ['ControlOrMeta'] })
    await writer.page.waitForURL(`**/s/${place.spaceSlug}/w/Bread%20prices`)
    await writer.page.getByRole('link', { name: 'Create “Bread prices”' }).click()
    await expect(writer.page.getByLabel('Title').inputValue()).resolves.toBe('Bread prices')
    await writer.page.getByRole('button', { name: 'Create page' }).click()
    await writer.page.waitForURL(`**/s/${place.spaceSlug}/bread-prices`)

    // The other tab never reloaded: the server told it the link now leads somewhere.
    await poll(() => link(watcher.page, 'Bread prices').locator('.wiki-link--exists').count()).toBe(1)
    expect(await link(watcher.page, 'Bread prices').locator('.wiki-link--missing').count()).toBe(0)
    // And the new page already knows who links to it.
    await poll(() => writer.page.locator('.backlinks__title').allInnerTexts()).toEqual(['Leaflets'])
    expect([...writer.errors, ...watcher.errors]).toEqual([])
  })

  it('[[ with another space’s prefix in any case finds that space’s pages (Chromium, 390×844 too)', async () => {
    const { owner, ids } = await spaceWith(['Notes'])
    const other = await createSpaceWithPage(world.server.url, owner.token, { title: 'Strike at the works' })
    const { page, errors } = await person(owner.token)
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport)
      await openPage(page, ids.Notes)
      const upper = `${other.spaceSlug[0].toUpperCase()}${other.spaceSlug.slice(1).toUpperCase()}`
      await typeAtEnd(page, `[[${upper}:Str`)
      const menu = page.getByRole('listbox', { name: 'Link to a page' })
      await poll(() => menu.getByRole('option').first().innerText()).toContain('Strike at the works')
      await page.keyboard.press('Escape')
    }
    expect(errors).toEqual([])
  })

  it('the backlinks panel of an open page shows a link typed elsewhere, with its sentence, without a reload', async () => {
    const { owner, ids } = await spaceWith(['Strike committee', 'Minutes'])
    const reader = await person(owner.token)
    const writer = await person(owner.token)
    await openPage(reader.page, ids['Strike committee'])
    await poll(() => reader.page.locator('.backlinks__empty').innerText()).toContain('No page links here yet')

    await openPage(writer.page, ids.Minutes)
    await typeAtEnd(writer.page, 'The meeting began at noon. The [[Strike committee]] met in the yard. Then it rained.')
    await poll(() => reader.page.locator('.backlinks__title').allInnerTexts()).toEqual(['Minutes'])
    // The link may be indexed while the sentence is still being typed; the panel follows it.
    await poll(() => reader.page.locator('.backlinks__snippet').innerText()).toBe('The Strike committee met in the yard.')
    expect(await reader.page.locator('.backlinks__snippet mark').innerText()).toBe('Strike committee')
    expect([...reader.errors, ...writer.errors]).toEqual([])
  })

  it('the link popover edits a link’s target and text, and removes a link', async () => {
    const { owner, ids } = await spaceWith(['Draft', 'Timeline'])
    const { page, errors } = await person(owner.token)
    await openPage(page, ids.Draft)
    await typeAtEnd(page, 'See [[Timline]] for dates.')
    await poll(() => link(page, 'Timline').locator('.wiki-link--missing').count()).toBe(1)

    // Put the caret inside the link: its popover says where it leads.
    await page.keyboard.press('Home')
    for (let i = 0; i < 'See Tim'.length; i += 1) await page.keyboard.press('ArrowRight')
    const popover = page.getByTestId('wiki-link-popover')
    await poll(() => popover.innerText()).toContain('No page has this title yet.')
    await popover.getByRole('button', { name: 'Edit' }).click()
    await popover.getByLabel('Page title').fill('Timeline')
    await popover.getByLabel('Text shown').fill('the timeline')
    await popover.getByRole('button', { name: 'Save' }).click()
    await poll(() => link(page, 'Timeline').innerText()).toBe('the timeline')
    await poll(() => link(page, 'Timeline').locator('.wiki-link--exists').count()).toBe(1)

    await page.keyboard.press('Home')
    for (let i = 0; i < 'See the t'.length; i += 1) await page.keyboard.press('ArrowRight')
    await popover.getByRole('button', { name: 'Remove link' }).click()
    await poll(() => page.locator('.ProseMirror a.wiki-link').count()).toBe(0)
    await poll(() => page.locator('.ProseMirror').innerText()).toContain('See the timeline for dates.')
    expect(errors).toEqual([])
  })
})
