import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createPageForTwo, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('editing traps a new user found')

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld()
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })
  async function open(page: Page, path: string, state = 'saved') {
    await page.goto(`${world.server.url}${path}`)
    await waitForSaveState(page, state)
  }

  it('a title longer than the server takes is counted and explained, never cut', async () => {
    const { ann, spaceSlug, pageId } = await createPageForTwo(world.server.url, 'Short title')
    const { page, errors } = await world.person(ann.token)
    await open(page, `/p/${pageId}`)
    await page.getByRole('button', { name: 'Rename page' }).click()
    const long = `A very long title ${'x'.repeat(232)}`
    await page.getByLabel('Page title').fill(long)
    expect(await page.locator('.title-counter').innerText()).toContain('250 / 200')
    expect(await page.locator('.title-counter--over').count()).toBe(1)
    await page.keyboard.press('Enter')
    await poll(() => page.getByRole('alert').innerText()).toBe('A title has at most 200 characters.')
    expect((await page.getByLabel('Page title').inputValue()).length).toBe(250)

    await page.goto(`${world.server.url}/s/${spaceSlug}/-/new`)
    await page.getByLabel('Title', { exact: true }).fill(long)
    expect(await page.locator('.title-counter').innerText()).toContain('250 / 200')
    await page.getByRole('button', { name: 'Create page' }).click()
    await poll(() => page.getByRole('alert').innerText()).toContain('at most 200 characters')
    expect((await page.getByLabel('Title', { exact: true }).inputValue()).length).toBe(250)
    expect(errors).toEqual([])
  })

  it('offers to create a missing page only to someone who may write it', async () => {
    const { ann, spaceSlug } = await createPageForTwo(world.server.url, 'Minutes')
    const visitor = await world.person()
    for (const path of [`/s/${spaceSlug}/not-written-yet`, '/s/no-such-space/anything']) {
      await visitor.page.goto(`${world.server.url}${path}`)
      await visitor.page.getByText('was not found').first().waitFor()
      expect(await visitor.page.getByRole('link', { name: 'Create this page' }).count(), path).toBe(0)
    }
    const editor = await world.person(ann.token)
    await editor.page.goto(`${world.server.url}/s/${spaceSlug}/not-written-yet`)
    await poll(() => editor.page.getByRole('link', { name: 'Create this page' }).count()).toBe(1)
  })

  it('a link to a title no page can have says so; one without a space prefix is looked up in the last space', async () => {
    const { ann, spaceSlug } = await createPageForTwo(world.server.url, 'Minutes')
    const { page, errors } = await world.person(ann.token)
    await page.goto(`${world.server.url}/s/${spaceSlug}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    for (const path of ['/w/%E2%80%8B%E2%80%8B', `/s/${spaceSlug}/w/${'x'.repeat(230)}`, `/s/${spaceSlug}/w/a%7Cb`]) {
      await page.goto(`${world.server.url}${path}`)
      await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('This link leads to no page')
      expect(await page.getByText('cannot be a page title').count(), path).toBe(1)
      expect(await page.getByRole('link', { name: /^Create/u }).count(), path).toBe(0)
    }
    // `/w/` alone: the space remembered from the last visit (this once looped, "Following the link…" for ever).
    await page.goto(`${world.server.url}/w/Bread%20prices`)
    await poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('“Bread prices” has not been written yet')
    await poll(() => page.getByRole('link', { name: 'Create “Bread prices”' }).count()).toBe(1)
    expect(errors).toEqual([])
  })

  it('a member demoted while the page is open loses Rename, Move and Delete at once', async () => {
    const { ann, bob, spaceId, pageId } = await createPageForTwo(world.server.url, 'Strike committee')
    const { page } = await world.person(bob.token)
    await open(page, `/p/${pageId}`)
    expect(await page.getByRole('button', { name: 'Rename page' }).count()).toBe(1)
    await api(world.server.url, 'PUT', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token, body: { role: 'viewer' } })
    await poll(() => page.getByRole('button', { name: 'Rename page' }).count()).toBe(0)
    await page.getByRole('button', { name: 'More page actions' }).click()
    expect(await page.getByRole('button', { name: 'Delete…' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Move…' }).count()).toBe(0)
  })

  it('blame and compare show a link to a page not yet written in red', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Leaflets' })
    const { page, errors } = await world.person(owner.token)
    await open(page, `/p/${place.pageId}`)
    await typeAtEnd(page, 'Workers read about [[Bread prices]] and [[Leaflets]].')
    await waitForSaveState(page, 'saved')
    await api(world.server.url, 'POST', `/api/pages/${place.pageId}/revisions`, { token: owner.token, body: { name: 'First' } })
    await page.goto(`${world.server.url}/p/${place.pageId}/history?view=blame`)
    const red = page.locator('.history-document a.wiki-link[data-wiki-target="Bread prices"] .wiki-link--missing')
    await poll(() => red.count()).toBe(1)
    expect(await page.locator('.history-document a.wiki-link[data-wiki-target="Leaflets"] .wiki-link--missing').count()).toBe(0)
    expect(errors).toEqual([])
  })
})
