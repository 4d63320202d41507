import { readFile } from 'node:fs/promises'
import { zipSync, strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { connectProvider } from '../support/providers.ts'
import { appendLinkedParagraph } from '../server/links/linkWriting.ts'
import { waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('page export and space import')

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()

  it('downloads a page as Markdown from the page’s menu, with its wiki links as [[Title]] (390 px wide)', async () => {
    const owner = await signUpUser(world.server.url, 'exporter')
    const { pageId } = await createSpaceWithPage(world.server.url, owner.token, { title: 'Strike' })
    const writer = await connectProvider(world.server.wsUrl, pageId, { token: owner.token })
    appendLinkedParagraph(writer.doc, ['Workers met in ', { target: 'The square' }, '.'])
    await writer.settled()
    writer.destroy()

    const { page } = await world.person(owner.token)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(page, 'saved')
    await page.getByRole('button', { name: 'More page actions' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as Markdown' }).click()])
    expect(download.suggestedFilename()).toBe('strike.md')
    const text = await readFile((await download.path())!, 'utf8')
    expect(text).toMatch(/^---\ntitle: Strike\n/u)
    expect(text).toContain('Workers met in [[The square]].')

    // Printed, the page is its title and text: the app's chrome stays off paper.
    await page.emulateMedia({ media: 'print' })
    await expect(page.locator('.app-header').isVisible()).resolves.toBe(false)
    await expect(page.locator('.page-top').isVisible()).resolves.toBe(false)
    await expect(page.locator('.page-sidebar').isVisible()).resolves.toBe(false)
    await expect(page.locator('.page-editor__bar').isVisible()).resolves.toBe(false)
    await expect(page.locator('.ProseMirror').innerText()).resolves.toContain('Workers met in The square.')
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Strike')
  })

  it('imports a zip from the space home and shows the report: imported, renamed and skipped', async () => {
    const owner = await signUpUser(world.server.url, 'importer')
    const space = (await api(world.server.url, 'POST', '/api/spaces', { token: owner.token, body: { name: 'Vault', visibility: 'private' } })).body
    await api(world.server.url, 'POST', `/api/spaces/${space.id}/pages`, { token: owner.token, body: { title: 'Strike' } })
    const zip = zipSync({
      'Strike.md': strToU8('Taken title.\n'),
      'Square.md': strToU8('# The square\n\nSee [[Strike]].\n'),
      '../outside.md': strToU8('Never.\n'),
    })

    const { page } = await world.person(owner.token)
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${world.server.url}/s/${space.slug}`)
    await page.getByRole('button', { name: 'Import…' }).click()
    await page.getByTestId('import-file').setInputFiles({ name: 'vault.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) })
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    const report = page.getByTestId('import-report')
    await expect.poll(() => report.isVisible(), { timeout: 15_000 }).toBe(true)
    await expect(report.locator('.space-import__summary').innerText()).resolves.toBe('2 pages imported, 1 renamed, 1 file skipped.')
    await expect(report.innerText()).resolves.toContain('Strike.md: “Strike” became “Strike (2)”')
    await expect(report.innerText()).resolves.toContain('../outside.md: Not imported: a path that leaves the archive (“..”).')
    await page.getByRole('button', { name: 'Done' }).click()
    const titles = (await api(world.server.url, 'GET', `/api/spaces/${space.id}/pages`, { token: owner.token })).body.map((p: { title: string }) => p.title).sort()
    expect(titles).toEqual(['Strike', 'Strike (2)', 'The square'])
  })
})
