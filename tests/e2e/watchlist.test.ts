import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { appendParagraph, connectProvider } from '../support/providers.ts'
import { waitForRevisions } from '../server/history/historyServer.ts'
import { waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('watchlist')

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })

  /** Writes a paragraph as the token's user and leaves the page, so a revision is cut. */
  async function write(token: string, pageId: string, text: string, revisions: number) {
    const p = await connectProvider(world.server.wsUrl, pageId, { token })
    appendParagraph(p.doc, text)
    await p.settled()
    p.destroy()
    await waitForRevisions(world.server.url, pageId, revisions, token)
  }

  it('a reader watches a page, sees it on the watchlist once another user changes it, and opens the changes since the last visit', async () => {
    const alice = await signUpUser(world.server.url, 'alice')
    const bob = await signUpUser(world.server.url, 'bob')
    const place = await createSpaceWithPage(world.server.url, alice.token, { title: 'Strike', visibility: 'private' })
    expect((await api(world.server.url, 'PUT', `/api/spaces/${place.spaceId}/members/${bob.username}`, { token: alice.token, body: { role: 'viewer' } })).status).toBe(200)
    await write(alice.token, place.pageId, 'The strike began on 1 June.', 1)

    const { page, errors } = await world.person(bob.token)
    await page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(page, 'reading')
    const watch = page.getByRole('button', { name: /Watch/u })
    await poll(() => watch.innerText()).toContain('Watch')
    expect(await watch.getAttribute('aria-pressed')).toBe('false')
    await watch.click()
    await poll(() => watch.getAttribute('aria-pressed')).toBe('true')
    expect(await watch.innerText()).toContain('Watching')

    // The user menu leads to the watchlist; leaving the page counts as a visit.
    await page.getByRole('button', { name: /account menu/u }).click()
    await page.getByRole('link', { name: 'Watchlist' }).click()
    await page.waitForURL('**/watchlist')
    await poll(() => page.getByTestId('watchlist-quiet').innerText()).toContain('Strike')
    expect(await page.getByText('Nothing new on the pages you watch.').count()).toBe(1)

    await write(alice.token, place.pageId, 'Workers marched.', 2)
    await page.reload()
    const changed = page.getByTestId('watchlist-changed')
    await poll(() => changed.innerText()).toContain('Strike')
    expect(await changed.innerText()).toContain(`by ${alice.username}`)
    expect(await changed.innerText()).toContain('+16 −0 characters')
    await changed.getByRole('link', { name: 'Show changes' }).click()
    await page.waitForURL(`**/p/${place.pageId}/history?view=compare&from=*`)
    await poll(() => page.locator('.history-compare').innerText()).toContain('Workers marched.')

    // On the page itself, a bar offers the same; after this visit it is gone.
    await page.goto(`${world.server.url}/p/${place.pageId}`)
    const bar = page.getByTestId('changes-bar')
    await poll(() => bar.innerText()).toContain(`Changed since your last visit by ${alice.username}`)
    await bar.getByRole('link', { name: 'Show changes since your last visit' }).click()
    await page.waitForURL(`**/p/${place.pageId}/history?view=compare&from=*`)
    await poll(() => page.getByTestId('compare-to').inputValue()).toBe('')
    await page.goto(`${world.server.url}/p/${place.pageId}`)
    await waitForSaveState(page, 'reading')
    await poll(() => page.getByRole('button', { name: /Watching/u }).count()).toBe(1)
    expect(await bar.count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('turning auto-watch off on the watchlist leaves pages one creates off it; the page list stays usable at phone width', async () => {
    const carol = await signUpUser(world.server.url, 'carol')
    await createSpaceWithPage(world.server.url, carol.token, { title: 'My notes', visibility: 'private' })
    const { page, errors } = await world.person(carol.token)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${world.server.url}/watchlist`)
    await poll(() => page.getByTestId('watchlist-quiet').innerText()).toContain('My notes')
    const setting = page.getByRole('checkbox', { name: 'Watch pages I create or edit' })
    expect(await setting.isChecked()).toBe(true)
    await setting.uncheck()
    await poll(() => page.getByTestId('watchlist-quiet').count()).toBe(0)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.reload()
    await poll(() => page.getByRole('checkbox', { name: 'Watch pages I create or edit' }).isChecked()).toBe(false)
    expect(errors).toEqual([])
  })
  it('with the inbox setting on, another user’s change to a watched page shows in the bell and leads to the page and its changes', async () => {
    const dora = await signUpUser(world.server.url, 'dora')
    const erik = await signUpUser(world.server.url, 'erik')
    const place = await createSpaceWithPage(world.server.url, dora.token, { title: 'Leaflets', visibility: 'private' })
    expect((await api(world.server.url, 'PUT', `/api/spaces/${place.spaceId}/members/${erik.username}`, { token: dora.token, body: { role: 'viewer' } })).status).toBe(200)
    expect((await api(world.server.url, 'PUT', `/api/pages/${place.pageId}/watch`, { token: erik.token, body: { watching: true } })).status).toBe(200)

    const { page, errors } = await world.person(erik.token)
    await page.goto(`${world.server.url}/watchlist`)
    const setting = page.getByRole('checkbox', { name: 'Tell me in my notifications when others change pages I watch' })
    await poll(() => setting.isChecked()).toBe(false)
    await setting.check()
    await poll(async () => (await api(world.server.url, 'GET', '/api/watchlist/settings', { token: erik.token })).body.notifyChanges).toBe(true)

    await write(dora.token, place.pageId, 'Leaflets were handed out at the gates.', 1)
    await poll(() => page.locator('[data-inbox-unread]').innerText()).toBe('1')
    await page.locator('[data-inbox-button]').click()
    const entry = page.locator('[data-notification-kind="changed"]')
    await poll(() => entry.innerText()).toContain(`${dora.username} changed Leaflets`)
    await entry.click()
    await page.waitForURL(`**/p/${place.pageId}**`)
    await poll(() => page.getByTestId('changes-bar').innerText()).toContain(`Changed since your last visit by ${dora.username}`)
    await poll(() => page.locator('[data-inbox-unread]').count()).toBe(0)
    expect(errors).toEqual([])
  })
})
