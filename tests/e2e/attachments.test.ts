import { describe, expect, it } from 'vitest'
import { createPageForTwo } from '../support/api.ts'
import { HOSTILE_HTML, minimalPdf, smallPng } from '../support/attachmentFiles.ts'
import { editorOf, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('images and files on a page')

describe.skipIf(suite.skip)(suite.title, { timeout: 90_000 }, () => {
  const world = useBrowserWorld()

  async function twoOnAPage() {
    const { ann, bob, pageId } = await createPageForTwo(world.server.url, 'The square')
    const annTab = await world.person(ann.token)
    const bobTab = await world.person(bob.token)
    for (const tab of [annTab, bobTab]) {
      await tab.page.goto(`${world.server.url}/p/${pageId}`)
      await waitForSaveState(tab.page, 'saved')
    }
    return { pageId, annTab, bobTab }
  }

  it('pastes an image: it uploads, shows for the other editor, and takes alt text and a caption', async () => {
    const { annTab, bobTab } = await twoOnAPage()
    await typeAtEnd(annTab.page, 'The square on 2 June. ')
    const png = (await smallPng(300, 200, 120)).toString('base64')
    await editorOf(annTab.page).evaluate((editor, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }))
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, png)

    const annImage = annTab.page.locator('.ProseMirror figure[data-image] img')
    await annImage.waitFor()
    expect(await annImage.getAttribute('src')).toMatch(/^\/api\/attachments\/[A-Za-z0-9_-]{32}$/u)
    const bobImage = bobTab.page.locator('.ProseMirror figure[data-image] img')
    await bobImage.waitFor()
    // The bytes reached Bob's browser through his own session (the URL alone is not enough).
    await expect.poll(() => bobImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)

    await annTab.page.locator('[data-alt-text]').fill('An empty square, a lamp post')
    await annTab.page.locator('[data-alt-text]').press('Enter')
    await annTab.page.getByLabel('Caption').fill('Novocherkassk, June 1962')
    await annTab.page.getByLabel('Caption').press('Enter')
    await expect.poll(() => bobImage.getAttribute('alt')).toBe('An empty square, a lamp post')
    await expect.poll(() => bobTab.page.getByLabel('Caption').inputValue()).toBe('Novocherkassk, June 1962')
    await waitForSaveState(annTab.page, 'saved')
    expect(annTab.errors).toEqual([])
    expect(bobTab.errors).toEqual([])
  })

  it('uploads a PDF from the toolbar as a file block with its name, size and a download link', async () => {
    const { annTab, bobTab } = await twoOnAPage()
    await typeAtEnd(annTab.page, 'The leaflet: ')
    const pdf = minimalPdf('The leaflet of the strike committee')
    const chooser = annTab.page.waitForEvent('filechooser')
    await annTab.page.getByRole('button', { name: 'Attach a file' }).click()
    await (await chooser).setFiles({ name: 'leaflet.pdf', mimeType: 'application/pdf', buffer: pdf })

    const block = bobTab.page.locator('.ProseMirror [data-file]')
    await block.waitFor()
    expect(await block.locator('.file-block__name').innerText()).toBe('leaflet.pdf')
    expect(await block.locator('.file-block__size').innerText()).toBe(`${pdf.length} B`)
    const href = await block.locator('.file-block__name').getAttribute('href')
    const download = await bobTab.page.request.get(`${world.server.url}${href}`)
    expect(download.status()).toBe(200)
    expect(download.headers()['content-disposition']).toMatch(/^attachment/u)
    expect(Buffer.from(await download.body()).equals(pdf)).toBe(true)
    expect(annTab.errors).toEqual([])
  })

  it('shows why a file was refused, and puts nothing in the page', async () => {
    const { annTab } = await twoOnAPage()
    await typeAtEnd(annTab.page, 'Nothing to see. ')
    const chooser = annTab.page.waitForEvent('filechooser')
    await annTab.page.getByRole('button', { name: 'Image (or paste or drop one)' }).click()
    await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: HOSTILE_HTML })
    const refusal = annTab.page.locator('[data-upload-error]')
    await refusal.waitFor()
    expect(await refusal.innerText()).toMatch(/photo\.png.*not attached.*HTML, SVG or other markup cannot be attached/su)
    expect(await annTab.page.locator('.ProseMirror figure[data-image]').count()).toBe(0)
    // The refusal itself is the answer the page expected.
    expect(annTab.errors.filter((e) => !/^415 POST \/api\/pages\/.+\/attachments$/u.test(e))).toEqual([])
  })
})
