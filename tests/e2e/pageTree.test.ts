import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createPageForTwo, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { connectProvider, waitFor } from '../support/providers.ts'
import { appendLinkedParagraph } from '../server/links/linkWriting.ts'
import { saveScreenshot, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('the space sidebar, page tree and page header')

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld(undefined, { serviceWorkers: 'allow' })
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })

  /** The sidebar's tree row of a page title. */
  const row = (page: Page, title: string) => page.locator('.space-tree .tree-item__row', { has: page.getByRole('link', { name: title, exact: true }) })
  /** Titles in the sidebar's tree, indented by two spaces per level. */
  const outline = (page: Page) => page.locator('.space-tree .tree-item__row').evaluateAll((rows) =>
    rows.map((r) => `${'  '.repeat(Number((r as HTMLElement).style.getPropertyValue('--depth')))}${r.querySelector('.tree-item__link')?.textContent}`))
  async function open(page: Page, path: string, viewport = DESKTOP, state = 'saved') {
    await page.setViewportSize(viewport)
    await page.goto(`${world.server.url}${path}`)
    await waitForSaveState(page, state)
  }

  it('creates a subpage from the tree, drags pages to move them, and a second tab follows every change live (1280×800)', async () => {
    const { ann, bob, spaceId, pageId } = await createPageForTwo(world.server.url, 'Strike')
    await api(world.server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: ann.token, body: { title: 'Sources' } })
    const writer = await world.person(ann.token)
    const watcher = await world.person(bob.token)
    await open(writer.page, `/p/${pageId}`)
    await open(watcher.page, `/p/${pageId}`)
    await poll(() => outline(watcher.page)).toEqual(['Strike', 'Sources'])

    // A subpage from the row's "+": the form knows its parent; the page opens with its breadcrumb.
    await writer.page.getByRole('link', { name: 'Add a page under Strike' }).click()
    await expect(writer.page.locator('.new-page__parent').innerText()).resolves.toBe('Under Strike')
    await writer.page.getByLabel('Title').fill('Shooting in the square')
    await writer.page.getByRole('button', { name: 'Create page' }).click()
    await writer.page.waitForURL('**/shooting-in-the-square')
    await poll(() => writer.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').allInnerTexts()).toEqual([expect.any(String), 'Strike'])
    await poll(() => outline(writer.page)).toEqual(['Strike', '  Shooting in the square', 'Sources'])
    await poll(() => outline(watcher.page)).toEqual(['Strike', '  Shooting in the square', 'Sources'])
    await watcher.page.getByRole('button', { name: 'Fold Strike' }).click()
    await poll(() => outline(watcher.page)).toEqual(['Strike', 'Sources'])
    await watcher.page.getByRole('button', { name: 'Unfold Strike' }).click()

    // Drag "Sources" into the middle of "Strike": it becomes Strike's last child.
    const target = row(writer.page, 'Strike')
    const box = (await target.boundingBox())!
    await row(writer.page, 'Sources').dragTo(target, { targetPosition: { x: 60, y: box.height / 2 } })
    await poll(() => outline(writer.page)).toEqual(['Strike', '  Shooting in the square', '  Sources'])
    await poll(() => outline(watcher.page)).toEqual(['Strike', '  Shooting in the square', '  Sources'])

    // Drag it onto the top quarter of its sibling: before it.
    const sibling = row(writer.page, 'Shooting in the square')
    await row(writer.page, 'Sources').dragTo(sibling, { targetPosition: { x: 60, y: 2 } })
    await poll(() => outline(watcher.page)).toEqual(['Strike', '  Sources', '  Shooting in the square'])

    // A rename elsewhere shows in the tree at once.
    await api(world.server.url, 'PATCH', `/api/pages/${pageId}`, { token: ann.token, body: { title: 'The strike' } })
    await poll(() => outline(watcher.page)).toEqual(['The strike', '  Sources', '  Shooting in the square'])
    await saveScreenshot(writer.page, 'page-tree-page-with-tree')
    expect([...writer.errors, ...watcher.errors]).toEqual([])
  })

  it('keeps History, What links here and the page menu at the top; Move and Delete use the app’s own dialogs (1280×800)', async () => {
    const { ann, bob, spaceId, pageId } = await createPageForTwo(world.server.url, 'Minutes')
    const other = (await api(world.server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: ann.token, body: { title: 'Leaflets' } })).body.id
    const tab = await world.person(ann.token)
    const watcher = await world.person(bob.token)
    tab.page.on('dialog', (dialog) => { tab.errors.push(`a browser dialog: ${dialog.message()}`); void dialog.dismiss() })
    const treeStreams: string[] = []
    tab.page.on('request', (request) => { if (new URL(request.url()).pathname.endsWith('/tree/events')) treeStreams.push(request.url()) })
    await open(tab.page, `/p/${other}`)
    await open(watcher.page, `/p/${pageId}`)

    const actions = tab.page.locator('.page-actions')
    expect(await actions.getByRole('link', { name: 'History' }).isVisible()).toBe(true)
    await actions.getByRole('button', { name: 'What links here' }).click()
    await poll(() => tab.page.evaluate(() => document.activeElement?.id)).toBe('what-links-here')

    await actions.getByRole('button', { name: 'More page actions' }).click()
    await tab.page.getByRole('button', { name: 'Move…' }).click()
    const move = tab.page.getByRole('dialog', { name: 'Move “Leaflets”' })
    // The new parent is found by typing the start of its title, then taken with a click.
    await move.getByRole('combobox', { name: 'Put it under' }).fill('min')
    await poll(() => move.getByRole('option').allInnerTexts()).toEqual(['Top level of the space', 'Minutes'])
    // The sidebar's tree and the dialog's page list both follow the tree's event stream, over one
    // connection: a browser keeps few per site, for all its tabs together.
    expect(treeStreams).toEqual([`${world.server.url}/api/spaces/${spaceId}/tree/events`])
    await move.getByRole('option', { name: 'Minutes' }).click()
    await move.getByRole('button', { name: 'Move', exact: true }).click()
    await poll(() => move.isVisible()).toBe(false)
    await poll(() => tab.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').allInnerTexts()).toEqual([expect.any(String), 'Minutes'])
    await poll(() => outline(watcher.page)).toEqual(['Minutes', '  Leaflets'])

    await actions.getByRole('button', { name: 'More page actions' }).click()
    await tab.page.getByRole('button', { name: 'Delete…' }).click()
    const confirm = tab.page.getByRole('dialog', { name: 'Delete “Leaflets”?' })
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await poll(() => confirm.isVisible()).toBe(false)
    await actions.getByRole('button', { name: 'More page actions' }).click()
    await tab.page.getByRole('button', { name: 'Delete…' }).click()
    await confirm.getByRole('button', { name: 'Delete page' }).click()
    await tab.page.waitForURL(/\/s\/[^/]+$/u)
    await poll(() => outline(watcher.page)).toEqual(['Minutes'])
    expect((await api(world.server.url, 'GET', `/api/pages/${other}`, { token: ann.token })).status).toBe(404)
    expect([...tab.errors, ...watcher.errors]).toEqual([])
  })

  it('the space home leads with where to start, what changed and what is most linked; All pages sorts three ways (1280×800)', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Reading guide', visibility: 'public' })
    const ids: Record<string, string> = {}
    for (const title of ['Workers', 'Army']) {
      ids[title] = (await api(world.server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: owner.token, body: { title } })).body.id
    }
    await api(world.server.url, 'PATCH', `/api/spaces/${place.spaceId}`, { token: owner.token, body: { description: 'Our notes on the strike.' } })
    for (const from of [place.pageId, ids.Army]) {
      const writer = await connectProvider(world.server.wsUrl, from, { token: owner.token })
      appendLinkedParagraph(writer.doc, ['See ', { target: 'Workers' }, '.'])
      await writer.settled()
      writer.destroy()
    }
    await waitFor(async () => (await api(world.server.url, 'GET', `/api/pages/${ids.Workers}/backlinks`, { token: owner.token })).body.length === 2, 'both backlinks')

    const { page, errors } = await world.person()
    await page.setViewportSize(DESKTOP)
    await page.goto(`${world.server.url}/s/${place.spaceSlug}`)
    await poll(() => page.locator('.space-overview__start-title').innerText()).toBe('Reading guide')
    expect(await page.locator('.space-description__text').innerText()).toBe('Our notes on the strike.')
    await poll(() => page.getByRole('region', { name: 'Most linked' }).getByRole('listitem').allInnerTexts()).toEqual(['Workers\n2 pages link here'])
    await saveScreenshot(page, 'page-tree-space-home')

    const titles = () => page.locator('.page-list__title').allInnerTexts()
    await page.goto(`${world.server.url}/s/${place.spaceSlug}/-/pages?sort=links`)
    await poll(titles).toEqual(['Workers', 'Army', 'Reading guide'])
    await page.getByLabel('Sort by').selectOption('title')
    await poll(titles).toEqual(['Army', 'Reading guide', 'Workers'])
    await page.getByLabel('Sort by').selectOption('changed')
    await poll(async () => page.url()).not.toContain('sort=')
    expect((await titles()).sort()).toEqual(['Army', 'Reading guide', 'Workers'])
    expect(errors).toEqual([])
  })

  it('loads the tree once its event stream listens, and shows it when the stream cannot connect (1280×800)', async () => {
    const owner = await signUpUser(world.server.url, 'nostream')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Alone' })
    const { context, page, errors } = await world.person(owner.token)
    const topLevel: string[] = []
    const above: string[] = []
    page.on('request', (request) => {
      if (request.url().endsWith(`/api/spaces/${place.spaceId}/tree?limit=100`)) topLevel.push(request.url())
      if (request.url().includes('/tree/ancestors/')) above.push(request.url())
    })
    // A slow stream: the page is known well before the stream listens, and the tree loads once.
    await context.route('**/tree/events', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500))
      await route.continue()
    })
    await open(page, `/p/${place.pageId}`)
    await poll(() => outline(page)).toEqual(['Alone'])
    expect(topLevel).toHaveLength(1)
    // A page at the top level has no pages above it: only the breadcrumb, which follows moves, asks.
    expect(above).toHaveLength(1)
    // A stream that fails before it listens does not leave the tree empty.
    await context.unroute('**/tree/events')
    await context.route('**/tree/events', (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }))
    await page.reload()
    await poll(() => outline(page)).toEqual(['Alone'])
    // A list that joins the refused stream later (All pages, the sidebar staying) loads at once.
    await page.locator('.space-sidebar').getByRole('link', { name: 'All pages' }).click()
    await poll(() => page.locator('.page-list__title').allInnerTexts()).toEqual(['Alone'])
    expect(errors).toEqual([`503 GET /api/spaces/${place.spaceId}/tree/events`])
  })

  it('loads the tree a level at a time and All pages a hundred at a time, with buttons for more; the filter asks the server (1280×800)', async () => {
    const owner = await signUpUser(world.server.url, 'many')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Hub' })
    const add = async (title: string, parentId?: string) =>
      (await api(world.server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: owner.token, body: parentId ? { title, parentId } : { title } })).body.id as string
    for (let i = 1; i <= 101; i++) await add(`Top ${String(i).padStart(3, '0')}`)
    for (let i = 1; i <= 102; i++) await add(`Sub ${String(i).padStart(3, '0')}`, place.pageId)
    const middle = await add('Middle', (await api(world.server.url, 'GET', `/api/spaces/${place.spaceId}/pages?order=title&prefix=Top%20101&limit=1`, { token: owner.token })).body[0].id)
    const deep = await add('Deep below Top 101', middle)

    const { page, errors } = await world.person(owner.token)
    const asked: string[] = []
    page.on('request', (request) => { if (request.url().includes('/api/')) asked.push(new URL(request.url()).pathname + new URL(request.url()).search) })
    await open(page, `/p/${deep}`)
    // The current page is revealed: the levels above it load, though "Top 101" is past the first hundred.
    await poll(async () => (await outline(page)).slice(-3)).toEqual(['Top 101', '  Middle', '    Deep below Top 101'])
    const rows = async () => (await outline(page)).filter((line) => !line.startsWith(' '))
    await poll(async () => (await rows()).length).toBe(101)
    // The top level loads once: when the tree's event stream is listening, not also before it.
    expect(asked.filter((path) => path === `/api/spaces/${place.spaceId}/tree?limit=100`)).toHaveLength(1)
    // Hub's subpages are not loaded until it unfolds; then a hundred, and a button for the rest.
    expect(await outline(page)).not.toContain('  Sub 001')
    await page.getByRole('button', { name: 'Unfold Hub' }).click()
    await poll(async () => (await outline(page)).filter((line) => line.startsWith('  Sub')).length).toBe(100)
    await page.getByRole('button', { name: 'More under Hub' }).click()
    await poll(async () => (await outline(page)).filter((line) => line.startsWith('  Sub')).length).toBe(102)
    await expect(page.getByRole('button', { name: 'More under Hub' }).count()).resolves.toBe(0)
    // Going to a page the tree shows asks nothing about the tree (the breadcrumb asks its pages above).
    const beforeMove = asked.length
    await page.locator('.space-tree').getByRole('link', { name: 'Sub 050', exact: true }).click()
    await poll(() => page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').allInnerTexts()).toEqual([expect.any(String), 'Hub'])
    await waitForSaveState(page, 'saved')
    expect(asked.slice(beforeMove).filter((path) => path.includes('/tree'))).toEqual([expect.stringMatching(/\/tree\/ancestors\//u)])
    expect(await page.locator('.tree-item__row--current').innerText()).toContain('Sub 050')
    // The whole list is never asked for.
    expect(asked.filter((path) => /\/pages(\?(?!.*limit=)|$)/.test(path))).toEqual([])

    const titles = () => page.locator('.page-list__title').allInnerTexts()
    await page.goto(`${world.server.url}/s/${place.spaceSlug}/-/pages?sort=title`)
    await poll(async () => (await titles()).length).toBe(100)
    expect((await titles()).slice(0, 2)).toEqual(['Deep below Top 101', 'Hub'])
    await page.getByRole('button', { name: 'Load more' }).click()
    await poll(async () => (await titles()).length).toBe(200)
    await page.getByRole('button', { name: 'Load more' }).click()
    await poll(async () => (await titles()).length).toBe(206)
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0)
    await page.getByLabel('Filter pages by title').fill('top 10')
    await poll(titles).toEqual(['Top 100', 'Top 101'])
    expect(asked.some((path) => path.includes('prefix=top+10'))).toBe(true)
    await page.getByLabel('Filter pages by title').fill('nothing like this')
    await poll(() => page.getByRole('status').innerText()).toContain('No page title starts with')

    // The space home: its page count and where to start come from the server.
    await page.goto(`${world.server.url}/s/${place.spaceSlug}`)
    await poll(() => page.locator('.space-overview__start-title').innerText()).toBe('Hub')
    await poll(() => page.locator('.space-overview__facts').innerText()).toContain('206 pages')
    expect(asked).toContain(`/api/spaces/${place.spaceId}/overview`)

    // Move… finds the new parent by the start of its title, a hundred at a time; arrows and Enter choose.
    await open(page, `/p/${middle}`)
    await page.locator('.page-actions').getByRole('button', { name: 'More page actions' }).click()
    await page.getByRole('button', { name: 'Move…' }).click()
    const move = page.getByRole('dialog', { name: 'Move “Middle”' })
    const picker = move.getByRole('combobox', { name: 'Put it under' })
    const options = () => move.getByRole('option').allInnerTexts()
    const moveButton = move.getByRole('button', { name: 'Move', exact: true })
    await picker.fill('sub')
    await poll(async () => (await options()).length).toBe(101)
    await move.getByRole('button', { name: 'More pages' }).click()
    await poll(async () => (await options()).length).toBe(103)
    await saveScreenshot(page, 'page-tree-move-dialog')
    expect(asked.some((path) => path.includes('order=title') && path.includes('prefix=sub'))).toBe(true)
    // Its own subpage is refused before the server is asked; the page itself is not offered.
    await picker.fill('deep')
    await poll(options).toEqual(['Top level of the space', 'Deep below Top 101'])
    await picker.press('ArrowDown')
    await picker.press('Enter')
    await poll(() => move.getByRole('alert').innerText()).toContain('one of its own subpages')
    expect(await moveButton.isDisabled()).toBe(true)
    await picker.fill('middle')
    await poll(() => move.getByText('No other page title starts with').count()).toBe(1)
    await picker.fill('top 00')
    await poll(async () => (await options()).length).toBe(10)
    await picker.press('ArrowDown')
    await picker.press('ArrowDown')
    await picker.press('Enter')
    await poll(() => move.getByText('Moves under:').innerText()).toBe('Moves under: Top 002')
    await moveButton.click()
    await poll(() => move.isVisible()).toBe(false)
    await poll(() => page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').allInnerTexts()).toEqual([expect.any(String), 'Top 002'])
    // Neither the home nor the dialog asked for the whole list.
    expect(asked.filter((path) => /\/pages(\?(?!.*limit=)|$)/.test(path))).toEqual([])
    expect(errors).toEqual([])
  })

  it('on a phone (390×844) the header fits on one line, search opens full width, the tree is a drawer, and the page’s actions stay at the top', async () => {
    const { ann, spaceId, spaceSlug, pageId } = await createPageForTwo(world.server.url, 'A rather long title for a page read on a phone')
    await api(world.server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: ann.token, body: { title: 'Another page', parentId: pageId } })
    await api(world.server.url, 'PATCH', `/api/spaces/${spaceId}`, { token: ann.token, body: { visibility: 'public' } })
    const member = await world.person(ann.token)
    const visitor = await world.person()
    for (const { page } of [member, visitor]) {
      await open(page, `/p/${pageId}`, PHONE, page === member.page ? 'saved' : 'reading')
      // One row, nothing past the right edge.
      const header = (await page.locator('.app-header').boundingBox())!
      expect(header.height).toBeLessThan(60)
      for (const control of await page.locator('.app-header__inner > *:visible').all()) {
        const box = (await control.boundingBox())!
        expect(box.x + box.width, await control.innerText()).toBeLessThanOrEqual(PHONE.width)
        expect(box.y + box.height).toBeLessThanOrEqual(header.height + 1)
      }
      const actions = page.locator('.page-actions')
      expect(await actions.getByRole('link', { name: 'History' }).isVisible()).toBe(true)
      expect(await actions.getByRole('button', { name: 'What links here' }).isVisible()).toBe(true)
    }
    // A signed-out visitor has one account button instead of two.
    expect(await visitor.page.getByRole('link', { name: 'Sign up' }).isVisible()).toBe(false)
    await visitor.page.getByRole('button', { name: 'Account' }).click()
    expect(await visitor.page.getByRole('link', { name: 'Sign up' }).isVisible()).toBe(true)

    // Search: an icon, then a box across the header.
    await member.page.getByRole('button', { name: 'Search' }).click()
    const box = (await member.page.getByRole('combobox', { name: 'Search pages' }).boundingBox())!
    expect(box.width).toBeGreaterThan(PHONE.width * 0.6)
    await member.page.getByRole('button', { name: 'Cancel' }).click()

    // The tree: a drawer from the header's button.
    await member.page.getByRole('button', { name: 'Pages of this space' }).click()
    await poll(() => outline(member.page)).toEqual(['A rather long title for a page read on a phone', '  Another page'])
    await saveScreenshot(member.page, 'page-tree-phone-drawer')
    await member.page.keyboard.press('Escape')
    await poll(() => member.page.locator('.space-sidebar--open').count()).toBe(0)
    await poll(() => member.page.locator('#space-sidebar').isVisible()).toBe(false)
    await saveScreenshot(member.page, 'page-tree-phone-page')
    await member.page.goto(`${world.server.url}/s/${spaceSlug}`)
    expect([...member.errors, ...visitor.errors]).toEqual([])
  })
})
