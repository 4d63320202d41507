import { beforeAll, describe, expect, it } from 'vitest'
import { api, signUpUser } from '../support/api.ts'
import { SEED_WRITTEN_AT } from '../../server/seed/seedIfEmpty.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { connectProvider } from '../support/providers.ts'
import { editorOf, editorText, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('searching and opening the seeded wiki')

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld((options) => startTestServer({ ...options, seed: true }))
  const person = world.person
  let seededSpaceId: string

  beforeAll(async () => {
    const spaces = await api(world.server.url, 'GET', '/api/spaces')
    seededSpaceId = spaces.body.find((space: { slug: string }) => space.slug === 'novocherkassk-1962').id
  })

  it('"/" jumps to the search box, a misspelt name finds the page as you type, and Enter on it opens it', async () => {
    const { page, errors } = await person()
    await page.goto(`${world.server.url}/s/novocherkassk-1962`)
    await page.getByRole('heading', { level: 1, name: 'Novocherkassk 1962' }).waitFor()
    await page.keyboard.press('/')
    const box = page.getByRole('combobox', { name: 'Search pages' })
    await expect.poll(() => box.evaluate((element) => element === document.activeElement)).toBe(true)

    await page.keyboard.type('Novochoerkassk')
    const options = page.getByRole('listbox', { name: 'Search results' }).getByRole('option')
    await expect.poll(() => options.first().locator('.search-box__title').innerText()).toBe('Novocherkassk massacre')
    await expect.poll(() => options.first().locator('mark').first().innerText()).toBe('Novocherkassk')
    // Anonymous readers are offered no page creation, only the full results.
    await expect.poll(() => options.last().innerText()).toBe('All results for “Novochoerkassk”')

    await page.keyboard.press('ArrowDown')
    await expect.poll(() => options.first().getAttribute('aria-selected')).toBe('true')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/s/novocherkassk-1962/novocherkassk-massacre')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Novocherkassk massacre')
    await expect.poll(() => box.inputValue()).toBe('')
    expect(errors).toEqual([])
  })

  it('Enter without a choice opens the results page, with highlighted snippets and a space filter', async () => {
    const { page, errors } = await person()
    await page.goto(`${world.server.url}/s/novocherkassk-1962/dear-comrades`)
    await page.getByRole('heading', { level: 1, name: 'Dear Comrades!' }).waitFor()
    const box = page.getByRole('combobox', { name: 'Search pages' })
    await box.fill('Кончаловский')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/search?q=*')
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem')
    await expect.poll(() => results.first().getByRole('link').innerText()).toBe('Andrey Konchalovsky')
    await expect.poll(() => results.first().locator('mark').first().innerText()).toBe('Konchalovsky')

    await page.getByLabel('Space').selectOption('novocherkassk-1962')
    await page.waitForURL('**/search?q=*&space=novocherkassk-1962')
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'page' }).innerText()).toMatch(/in Novocherkassk 1962$/u)
    expect(errors).toEqual([])
  })

  it('offers to create a page no title matches, creates it in one step, and the editor keeps "/" for itself', async () => {
    const user = await signUpUser(world.server.url, 'writer')
    expect((await api(world.server.url, 'POST', `/api/spaces/${seededSpaceId}/join`, { token: user.token })).status).toBe(200)
    const { page, errors } = await person(user.token)
    await page.goto(`${world.server.url}/s/novocherkassk-1962`)
    await page.getByRole('heading', { level: 1, name: 'Novocherkassk 1962' }).waitFor()

    const box = page.getByRole('combobox', { name: 'Search pages' })
    await box.fill('Vladimir Semichastny')
    const create = page.getByRole('option', { name: /^Create page “Vladimir Semichastny”/u })
    await create.waitFor()
    // An exact title is not offered again: the offer is for titles that do not exist yet.
    await box.fill('Dear Comrades!')
    await expect.poll(() => page.getByRole('option').first().locator('.search-box__title').innerText()).toBe('Dear Comrades!')
    expect(await page.getByRole('option', { name: /^Create page/u }).count()).toBe(0)

    await box.fill('Vladimir Semichastny')
    await create.click()
    await page.waitForURL('**/s/novocherkassk-1962/vladimir-semichastny')
    await waitForSaveState(page, 'saved')
    await typeAtEnd(page, 'KGB chairman 1961/1967.')
    await expect.poll(() => editorText(page)).toContain('KGB chairman 1961/1967.')
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(false)

    // What was just typed is found from the header, on the new page. A page being typed in has
    // its search document rebuilt every few seconds (docs/SEARCH.md), and the box asks once per
    // query: wait until the server finds the text, as a person who searched again would.
    await expect.poll(async () => {
      const found = await api(world.server.url, 'GET', `/api/search?q=${encodeURIComponent('KGB chairman')}`, { token: user.token })
      return found.body.map((result: { title: string }) => result.title)
    }, { timeout: 15_000 }).toContain('Vladimir Semichastny')
    await page.keyboard.press('Escape')
    await page.locator('body').click({ position: { x: 5, y: 300 } })
    await page.keyboard.press('/')
    await page.keyboard.type('KGB chairman')
    await expect.poll(() => page.getByRole('option').first().locator('.search-box__title').innerText(), { timeout: 10_000 }).toBe('Vladimir Semichastny')
    expect(errors).toEqual([])
  })

  it('opening a seeded page to edit, without typing, writes nothing: no new revision, and it still shows when it was written', async () => {
    const user = await signUpUser(world.server.url, 'opener')
    expect((await api(world.server.url, 'POST', `/api/spaces/${seededSpaceId}/join`, { token: user.token })).status).toBe(200)
    const pages: { id: string; title: string }[] = (await api(world.server.url, 'GET', `/api/spaces/${seededSpaceId}/pages`)).body
    // A page whose text ends with a list: the editor keeps a paragraph last and would add one.
    const seeded = pages.find((p) => p.title === 'Bibliography of Novocherkassk 1962')!
    const before = (await api(world.server.url, 'GET', `/api/pages/${seeded.id}`)).body
    expect(before.updatedAt).toBe(SEED_WRITTEN_AT.toISOString())
    const { page, errors } = await person(user.token)
    await page.goto(`${world.server.url}/p/${seeded.id}`)
    await waitForSaveState(page, 'saved')
    await expect.poll(() => editorOf(page).getAttribute('contenteditable')).toBe('true')
    await expect.poll(() => page.locator('.page-info time').first().innerText()).not.toMatch(/just now/u)
    await page.close()

    // Whatever the editor wrote was acknowledged, so stored, before "saved": a reader sees only the seed's client.
    const reader = await connectProvider(world.server.wsUrl, seeded.id)
    try {
      expect([...reader.doc.store.clients.keys()]).toHaveLength(1)
    } finally {
      reader.destroy()
    }
    const after = (await api(world.server.url, 'GET', `/api/pages/${seeded.id}`)).body
    expect(after.updatedAt).toBe(before.updatedAt)
    const revisions = (await api(world.server.url, 'GET', `/api/pages/${seeded.id}/revisions`)).body
    expect(revisions.map((r: { kind: string }) => r.kind)).toEqual(['seed'])
    expect(errors).toEqual([])
  })
})
