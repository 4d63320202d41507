import { readFile } from 'node:fs/promises'
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { api, createPageForTwo, signUpUser } from '../support/api.ts'
import { editorText, expectEditorText, newPersonContext, signIn, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('keeping pages on the device')

/**
 * A person's own browser: a browser context, whose cookies, IndexedDB and service worker outlive
 * its tabs as a profile's do (the context ends with the test), and a switch for the
 * collaboration socket.
 */
interface Device {
  context: BrowserContext
  /** While false, the collaboration socket is refused: the server never answers the editor. */
  collab: { open: boolean }
  signIn(token: string): Promise<void>
  open(pageId: string): Promise<Page>
}

/** Names of the device copies (IndexedDB databases) this profile holds. */
function deviceCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.startsWith('palimpsest-page:')))
}

/** The addresses of the API answers the service worker keeps (none: no such cache). */
function keptAnswers(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    if (!(await caches.keys()).includes('palimpsest-api')) return []
    return (await (await caches.open('palimpsest-api')).keys()).map((request) => new URL(request.url).pathname)
  })
}

/** Waits until the service worker controls the tab (it takes over pages once installed). */
async function controlledByWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1
}

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld(undefined, { serviceWorkers: 'allow' })
  const devices: BrowserContext[] = []
  afterEach(async () => {
    for (const context of devices.splice(0)) await context.close().catch(() => {})
  })

  async function device(token: string, options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<Device> {
    const context = await newPersonContext(world.browser, options.serviceWorkers ?? 'allow')
    devices.push(context)
    const collab = { open: true }
    await context.routeWebSocket(/\/collab$/u, (socket) => {
      if (collab.open) socket.connectToServer()
      else void socket.close()
    })
    const signInAs = async (value: string) => {
      await context.clearCookies()
      await signIn(context, world.server.url, value)
    }
    await signInAs(token)
    return {
      context,
      collab,
      signIn: signInAs,
      async open(pageId: string) {
        const tab = await context.newPage()
        await tab.goto(`${world.server.url}/p/${pageId}`)
        return tab
      },
    }
  }

  const markdownOf = async (pageId: string, token: string) => String((await api(world.server.url, 'GET', `/api/pages/${pageId}/export?format=markdown`, { token })).body)

  it('keeps edits made offline on the device through closing the tab, shows them on reopening before the server answers, and syncs them when the network returns', async () => {
    const { ann, bob, pageId } = await createPageForTwo(world.server.url, 'Train notes')
    const laptop = await device(bob.token)
    const tab = await laptop.open(pageId)
    await waitForSaveState(tab, 'saved')
    expect(await deviceCopies(tab)).toEqual([`palimpsest-page:${bob.id}:${pageId}`])

    await laptop.context.setOffline(true)
    await waitForSaveState(tab, 'offline')
    await expect(tab.locator('.save-state').innerText()).resolves.toBe('Offline')
    await typeAtEnd(tab, 'Written on the train without a signal.')
    await waitForSaveState(tab, 'device')
    await expect(tab.locator('.save-state').innerText()).resolves.toBe('Saved on this device — will sync')

    // The words are on the device: closing the tab asks nothing.
    const asked: string[] = []
    tab.on('dialog', (dialog) => {
      asked.push(dialog.type())
      void dialog.dismiss()
    })
    await tab.close({ runBeforeUnload: true })
    await expect.poll(() => tab.isClosed()).toBe(true)
    expect(asked).toEqual([])
    expect(await markdownOf(pageId, ann.token)).not.toContain('without a signal')

    // Reopened with the network back but the collaboration server unreachable: the text is the device's.
    laptop.collab.open = false
    await laptop.context.setOffline(false)
    const reopened = await laptop.open(pageId)
    await expectEditorText(reopened, 'Written on the train without a signal.')
    await waitForSaveState(reopened, 'device')
    expect(await markdownOf(pageId, ann.token)).not.toContain('without a signal')

    laptop.collab.open = true
    await waitForSaveState(reopened, 'saved', 30_000)
    expect(await markdownOf(pageId, ann.token)).toContain('Written on the train without a signal.')
    const annTab = await world.person(ann.token)
    await annTab.page.goto(`${world.server.url}/p/${pageId}`)
    await expectEditorText(annTab.page, 'Written on the train without a signal.')
    expect(occurrences(await editorText(annTab.page), 'without a signal')).toBe(1)
  })

  it('reloads a visited page with no network at all: the app from the service worker, the page from the device; search says it needs a connection; edits sync on return', async () => {
    const { ann, bob, pageId } = await createPageForTwo(world.server.url, 'Reading room')
    const laptop = await device(bob.token)
    const tab = await laptop.open(pageId)
    await waitForSaveState(tab, 'saved')
    await typeAtEnd(tab, 'Written before the reading room.')
    await waitForSaveState(tab, 'saved')
    await controlledByWorker(tab)
    // Visited while the worker runs: the answers the page needs are kept for Bob.
    await tab.reload()
    await waitForSaveState(tab, 'saved')
    await expect.poll(() => keptAnswers(tab)).toEqual(expect.arrayContaining(['/api/auth/session', `/api/pages/${pageId}`]))

    // No network at all, not even for the app's own files: the page opens, with its text, and takes edits.
    await laptop.context.setOffline(true)
    await tab.reload()
    await expectEditorText(tab, 'Written before the reading room.')
    await expect.poll(() => tab.locator('.page-title, h1').first().innerText()).toContain('Reading room')
    await waitForSaveState(tab, 'offline')
    await typeAtEnd(tab, 'Written with no network.')
    await waitForSaveState(tab, 'device')

    // A view that needs the server says so instead of showing a blank page.
    const search = await laptop.context.newPage()
    await search.goto(`${world.server.url}/search?q=reading`)
    await expect.poll(() => search.locator('body').innerText(), { timeout: 15_000 }).toContain('could not be reached')
    await search.close()

    await laptop.context.setOffline(false)
    await waitForSaveState(tab, 'saved', 30_000)
    expect(await markdownOf(pageId, ann.token)).toContain('Written with no network.')
  })

  it('keeps the editor when the network drops while parts of the page are still loading, and loads them when it returns', async () => {
    const { ann, bob, pageId } = await createPageForTwo(world.server.url, 'Patchy signal')
    // No service worker yet (a first visit): the editing menus, fetched after the editor, are held
    // until the network has gone, then fail as a dropped network fails them.
    const laptop = await device(bob.token, { serviceWorkers: 'block' })
    const menus = /\/assets\/(EditorSlashMenu|WebLinkPopover)-[^/]+\.js$/u
    const held: (() => Promise<void>)[] = []
    let dropped = false
    await laptop.context.route(menus, async (route) => {
      if (dropped) await route.continue()
      else held.push(() => route.abort('internetdisconnected'))
    })
    const tab = await laptop.open(pageId)
    await waitForSaveState(tab, 'saved')
    await expect.poll(() => held.length).toBe(2)

    await laptop.context.setOffline(true)
    await waitForSaveState(tab, 'offline')
    for (const fail of held) await fail()
    await typeAtEnd(tab, 'Typed as the signal went.')
    await waitForSaveState(tab, 'device')
    expect(await tab.locator('.error-state').count()).toBe(0)

    dropped = true
    await laptop.context.setOffline(false)
    await waitForSaveState(tab, 'saved', 30_000)
    expect(await tab.locator('.error-state').count()).toBe(0)
    expect(await markdownOf(pageId, ann.token)).toContain('Typed as the signal went.')
    // The slash menu's code arrived once the network was back.
    await typeAtEnd(tab, ' /call')
    await tab.getByTestId('slash-menu').waitFor()
  })

  it('merges two tabs of one page that were both edited offline, without losing or doubling anything', async () => {
    const { ann, bob, pageId } = await createPageForTwo(world.server.url, 'Two tabs')
    const laptop = await device(bob.token)
    const first = await laptop.open(pageId)
    const second = await laptop.open(pageId)
    await waitForSaveState(first, 'saved')
    await waitForSaveState(second, 'saved')

    await laptop.context.setOffline(true)
    await waitForSaveState(first, 'offline')
    await waitForSaveState(second, 'offline')
    await typeAtEnd(first, 'From the first tab.')
    await typeAtEnd(second, 'From the second tab.')
    await waitForSaveState(first, 'device')
    await waitForSaveState(second, 'device')
    await first.close({ runBeforeUnload: true })
    await expect.poll(() => first.isClosed()).toBe(true)

    // Back online: the socket reconnects after its backoff (up to 10 s between tries), then syncs.
    await laptop.context.setOffline(false)
    await waitForSaveState(second, 'saved', 60_000)
    const again = await laptop.open(pageId)
    await waitForSaveState(again, 'saved', 60_000)
    for (const tab of [second, again]) {
      await expectEditorText(tab, 'From the first tab.')
      await expectEditorText(tab, 'From the second tab.')
    }
    const stored = await markdownOf(pageId, ann.token)
    expect(occurrences(stored, 'From the first tab.')).toBe(1)
    expect(occurrences(stored, 'From the second tab.')).toBe(1)
    for (const tab of [second, again]) {
      const text = await editorText(tab)
      expect(occurrences(text, 'From the first tab.')).toBe(1)
      expect(occurrences(text, 'From the second tab.')).toBe(1)
    }
  })

  it('never shows one account’s device copy to another account signed in on the same browser', async () => {
    const { ann, bob, pageId, spaceId } = await createPageForTwo(world.server.url, 'Shared computer')
    const carol = await signUpUser(world.server.url, 'carol')
    await api(world.server.url, 'PUT', `/api/spaces/${spaceId}/members/${carol.username}`, { token: ann.token, body: { role: 'editor' } })
    const shared = await device(bob.token)
    const tab = await shared.open(pageId)
    await waitForSaveState(tab, 'saved')
    await shared.context.setOffline(true)
    await waitForSaveState(tab, 'offline')
    await typeAtEnd(tab, 'Bob’s private draft.')
    await waitForSaveState(tab, 'device')
    await tab.close()

    // Bob's session ends without a sign-out here (it expired); Carol signs in on the same browser.
    await shared.signIn(carol.token)
    shared.collab.open = false
    await shared.context.setOffline(false)
    const carolTab = await shared.open(pageId)
    // Her own device copy has been read (empty): the page shows what the device has for her.
    await carolTab.locator('.save-state[data-state="offline"], .save-state[data-state="device"]').waitFor()
    expect(await editorText(carolTab)).not.toContain('private draft')
    // The API answers kept for Bob were deleted before any of Carol's were kept.
    await expect.poll(() => carolTab.evaluate(async () => (await (await caches.open('palimpsest-api-owner')).match('/__palimpsest/owner'))?.text())).toBe(carol.id)
    expect((await deviceCopies(carolTab)).sort()).toEqual([`palimpsest-page:${bob.id}:${pageId}`, `palimpsest-page:${carol.id}:${pageId}`].sort())
  })

  it('deletes the pages kept on the device when the person signs out, or turns "Keep pages on this device" off', async () => {
    const { bob, pageId } = await createPageForTwo(world.server.url, 'Signing out')
    const laptop = await device(bob.token)
    const tab = await laptop.open(pageId)
    await waitForSaveState(tab, 'saved')
    await typeAtEnd(tab, 'Kept on the laptop.')
    await waitForSaveState(tab, 'saved')
    expect(await deviceCopies(tab)).toEqual([`palimpsest-page:${bob.id}:${pageId}`])
    await controlledByWorker(tab)
    await tab.reload()
    await expect.poll(() => keptAnswers(tab)).toContain(`/api/pages/${pageId}`)

    await tab.getByRole('button', { name: /account menu/u }).click()
    await tab.getByRole('button', { name: 'Sign out' }).click()
    await tab.waitForURL((url) => !url.pathname.startsWith('/p/'))
    await tab.waitForLoadState('load')
    await expect.poll(() => deviceCopies(tab), { timeout: 15_000 }).toEqual([])
    // An answer of the kind kept, asked for after sign-out, brings back nothing of Bob's (the
    // worker once made the owner's cache again just by looking in it).
    await tab.evaluate(async () => { await fetch('/api/spaces') })
    // The answers the service worker kept for Bob go too, and who they belonged to.
    expect(await tab.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('palimpsest-api')))).toEqual([])

    // Signed in again (sign-out ended the old session): the page is kept again, until the setting is turned off.
    const login = await api(world.server.url, 'POST', '/api/auth/login', { body: { username: bob.username, password: 'correct horse battery' } })
    await laptop.signIn(login.body.token as string)
    const back = await laptop.open(pageId)
    await waitForSaveState(back, 'saved')
    expect(await deviceCopies(back)).toEqual([`palimpsest-page:${bob.id}:${pageId}`])
    await back.goto(`${world.server.url}/account`)
    const keep = back.getByLabel('Keep pages on this device')
    await expect(keep.isChecked()).resolves.toBe(true)
    await keep.uncheck()
    await back.locator('[data-keep-on-device-done]').waitFor()
    expect(await deviceCopies(back)).toEqual([])
    await back.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(back, 'saved')
    await expectEditorText(back, 'Kept on the laptop.')
    expect(await deviceCopies(back)).toEqual([])
  })

  it('tells a writer removed from the space while offline that their edits were not saved, and offers them as Markdown', async () => {
    const { ann, bob, pageId, spaceId } = await createPageForTwo(world.server.url, 'Revoked')
    const laptop = await device(bob.token)
    const tab = await laptop.open(pageId)
    await waitForSaveState(tab, 'saved')
    await laptop.context.setOffline(true)
    await waitForSaveState(tab, 'offline')
    await typeAtEnd(tab, 'Before the meeting.\n## From the train\nWords the server will refuse.')
    await waitForSaveState(tab, 'device')
    expect(await tab.locator('[data-unsent-notice]').count()).toBe(0)

    const removed = await api(world.server.url, 'DELETE', `/api/spaces/${spaceId}/members/${bob.username}`, { token: ann.token })
    expect(removed.status).toBe(204)
    await laptop.context.setOffline(false)
    await tab.locator('[data-unsent-notice]').waitFor({ timeout: 30_000 })
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator('[data-unsent-download]').click()])
    expect(download.suggestedFilename()).toBe('Revoked (not saved).md')
    const markdown = await readFile(await download.path(), 'utf8')
    expect(markdown).toContain('## From the train')
    expect(markdown).toContain('Words the server will refuse.')
    expect(await markdownOf(pageId, ann.token)).not.toContain('refuse')
  })
})
