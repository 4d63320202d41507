import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createPageForTwo } from '../support/api.ts'
import { connectProvider } from '../support/providers.ts'
import { appendCitedParagraph } from '../server/citations/citationWriting.ts'
import { editorOf, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('citations')

const LIBRARY = `@book{kozlov2002,
  author = {Kozlov, Vladimir A.},
  title = {Mass Uprisings in the {USSR}},
  publisher = {M. E. Sharpe},
  year = {2002}
}
@article{baron1995,
  author = {Baron, Samuel H.},
  title = {Bloody Saturday in the Soviet Union},
  journal = {Slavic Review},
  year = {1995}
}
`

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()

  // Server round trips (formatting, indexing) on a busy machine: give them time.
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 })
  const numbers = (page: Page) => page.locator('.ProseMirror sup.citation').evaluateAll((els) => els.map((el) => el.getAttribute('data-number')))
  const references = (page: Page) => page.getByTestId('page-references').locator('li').allInnerTexts()

  async function openPage(page: Page, pageId: string) {
    await page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(page, 'saved')
  }

  async function cite(page: Page, words: string) {
    await page.keyboard.type(`[^${words}`)
    const menu = page.getByRole('listbox', { name: 'Cite a source' })
    await poll(() => menu.getByRole('option').first().innerText()).not.toMatch(/^Add as a note/u)
    await page.keyboard.press('Enter')
  }

  it('cites with [^, reuses a source, renumbers live for a second person, and shows a card on hover', async () => {
    const { ann, bob, spaceId, pageId } = await createPageForTwo(world.server.url, 'Bloody Saturday')
    expect((await api(world.server.url, 'POST', `/api/spaces/${spaceId}/sources/import`, { token: ann.token, body: { bibtex: LIBRARY } })).status).toBe(201)
    const writer = await world.person(ann.token)
    const reader = await world.person(bob.token)
    await openPage(writer.page, pageId)

    await typeAtEnd(writer.page, 'Troops fired on the crowd.')
    await cite(writer.page, 'kozlov')
    await writer.page.keyboard.type(' The press said nothing.')
    await cite(writer.page, 'baron')
    await writer.page.keyboard.type(' Archives opened later.')
    await cite(writer.page, 'kozlov uprisings')
    await poll(() => numbers(writer.page)).toEqual(['1', '2', '1'])
    await poll(() => references(writer.page)).toEqual([
      '^ a b Kozlov, Vladimir A. 2002. Mass Uprisings in the USSR. M. E. Sharpe.',
      '^ Baron, Samuel H. 1995. “Bloody Saturday in the Soviet Union.” Slavic Review.',
    ])

    await openPage(reader.page, pageId)
    await poll(() => numbers(reader.page)).toEqual(['1', '2', '1'])
    // A citation of Baron before the first one: everyone's numbering follows at once.
    await editorOf(writer.page).click()
    await writer.page.keyboard.press('Control+Home')
    await writer.page.keyboard.type('In 1962:')
    await cite(writer.page, 'baron')
    await poll(() => numbers(reader.page)).toEqual(['1', '2', '1', '2'])
    await poll(() => references(reader.page)).toEqual([
      '^ a b Baron, Samuel H. 1995. “Bloody Saturday in the Soviet Union.” Slavic Review.',
      '^ a b Kozlov, Vladimir A. 2002. Mass Uprisings in the USSR. M. E. Sharpe.',
    ])

    // Clicking a citation opens its form: a locator and a quotation, saved into the document.
    await writer.page.locator('.ProseMirror sup.citation').nth(1).click()
    const form = writer.page.getByTestId('citation-card')
    await form.getByLabel('Locator').fill('p. 231')
    await form.getByLabel('Quotation').fill('the crowd in the square')
    await form.getByRole('button', { name: 'Save' }).click()
    await waitForSaveState(writer.page, 'saved')

    // The reader hovers it: the card has the formatted source, the locator and the quotation.
    await reader.page.locator('.ProseMirror sup.citation').nth(1).hover()
    const card = reader.page.getByTestId('citation-card')
    await poll(() => card.innerText()).toMatch(/Kozlov, Vladimir A\. 2002\.[\s\S]*At: p\. 231[\s\S]*“the crowd in the square”/u)

    // Leaving the page (its editor torn down under the citation card) for its history works.
    await writer.page.getByRole('link', { name: 'History' }).click()
    await writer.page.waitForURL(`**/p/${pageId}/history`)
    await poll(() => writer.page.getByRole('heading', { level: 1 }).innerText()).toBe('History of “Bloody Saturday”')
    expect(writer.errors).toEqual([])
    expect(reader.errors).toEqual([])
  })

  it('the [^ menu, loaded after the page, offers sources for words typed before it arrived', async () => {
    const { ann, spaceId, pageId } = await createPageForTwo(world.server.url, 'Late menu')
    expect((await api(world.server.url, 'POST', `/api/spaces/${spaceId}/sources/import`, { token: ann.token, body: { bibtex: LIBRARY } })).status).toBe(201)
    const { page, errors } = await world.person(ann.token)
    // The menu's code is held back until the words are typed.
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    await page.route('**/assets/CitationSuggestions-*.js', async (route) => {
      await held
      await route.continue()
    })
    await openPage(page, pageId)
    await typeAtEnd(page, 'Troops fired. [^baron')
    release()
    const menu = page.getByRole('listbox', { name: 'Cite a source' })
    await poll(() => menu.getByRole('option').allInnerTexts())
      .toEqual(['Baron · 1995 · Bloody Saturday in the Soviet Union', 'Add as a note: baron'])
    expect(errors).toEqual([])
  })

  it('marks a claim “citation needed” from the toolbar, and the maintenance view lists the page', async () => {
    const { ann, spaceSlug, pageId } = await createPageForTwo(world.server.url, 'Casualty figures')
    const { page, errors } = await world.person(ann.token)
    await openPage(page, pageId)
    await typeAtEnd(page, 'Twenty-six people died.')
    await page.getByRole('button', { name: 'Citation needed' }).click()
    await poll(() => page.locator('.ProseMirror sup.citation-needed').count()).toBe(1)
    await waitForSaveState(page, 'saved')
    await page.goto(`${world.server.url}/s/${spaceSlug}/-/citation-needed`)
    // The list follows the page's index (within a second; longer on a loaded machine).
    await expect.poll(async () => {
      await page.reload()
      return page.getByTestId('pages-needing-citations').innerText({ timeout: 5_000 }).catch(() => '')
    }, { timeout: 45_000 }).toMatch(/Casualty figures · 1 marker/u)
    expect(errors).toEqual([])
  })

  it('numbers a note with the citations, and shows a citation of a source not in the library as “missing source”', async () => {
    const { ann, pageId } = await createPageForTwo(world.server.url, 'Broken reference')
    const { page, errors } = await world.person(ann.token)
    await openPage(page, pageId)
    await typeAtEnd(page, 'A claim.')
    await page.keyboard.type('[^The trial records')
    await page.getByRole('listbox', { name: 'Cite a source' }).getByRole('option', { name: /Add as a note/u }).click()
    await poll(() => references(page)).toEqual(['^ The trial records'])
    await waitForSaveState(page, 'saved')
    // As a stale or hostile client would write it: a source id the library does not have.
    const other = await connectProvider(world.server.wsUrl, pageId, { token: ann.token })
    appendCitedParagraph(other.doc, ['Another claim.', { sourceId: '00000000-0000-4000-8000-000000000000' }])
    await other.settled()
    other.destroy()
    await poll(() => references(page)).toEqual(['^ The trial records', '^ Missing source (it is not in this space’s library).'])
    await page.locator('.ProseMirror sup.citation').nth(1).hover()
    await poll(() => page.getByTestId('citation-card').innerText()).toMatch(/2\.\s*Missing source/u)

    // From the keyboard: focus the note's number, Enter opens its form; Escape closes the form
    // (the card stays while the number has focus).
    await page.mouse.move(0, 0)
    await page.locator('.ProseMirror sup.citation').first().focus()
    await page.keyboard.press('Enter')
    await poll(() => page.getByTestId('citation-card').getByRole('textbox', { name: 'Note' }).inputValue()).toBe('The trial records')
    await page.keyboard.press('Escape')
    await poll(() => page.getByTestId('citation-card').getByRole('textbox', { name: 'Note' }).count()).toBe(0)
    await poll(() => page.getByTestId('citation-card').innerText()).toMatch(/1\.\s*The trial records/u)

    // At phone width the references and the card fit the screen.
    await page.setViewportSize({ width: 390, height: 800 })
    await page.locator('.ProseMirror sup.citation').nth(1).hover()
    await page.getByTestId('citation-card').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const card = await page.getByTestId('citation-card').boundingBox()
    expect(card!.x + card!.width).toBeLessThanOrEqual(390)
    expect(errors).toEqual([])
  })
})
