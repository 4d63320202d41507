import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createPageForTwo } from '../support/api.ts'
import { editorOf, editorText, typeAtEnd, waitForSaveState } from './browserSession.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('the slash menu, tables and callouts')

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()

  async function twoOnAPage() {
    const { ann, bob, pageId } = await createPageForTwo(world.server.url, 'Timeline')
    const annTab = await world.person(ann.token)
    const bobTab = await world.person(bob.token)
    for (const tab of [annTab, bobTab]) {
      await tab.page.goto(`${world.server.url}/p/${pageId}`)
      await waitForSaveState(tab.page, 'saved')
    }
    return { annTab, bobTab }
  }

  /** Each table cell's text, by row, without the other person's caret label. */
  const cells = (tab: { page: Page }) => tab.page.locator('.ProseMirror table').evaluate((table) =>
    [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => {
      const copy = cell.cloneNode(true) as HTMLElement
      for (const caret of copy.querySelectorAll('.collab-caret')) caret.remove()
      return copy.textContent ?? ''
    })))

  /** Types a heading by keyboard, then `count` paragraphs below it, each inserted at once. */
  async function typeSection(page: Parameters<typeof typeAtEnd>[0], heading: string, count: number) {
    await typeAtEnd(page, `${heading}\n`)
    for (let i = 0; i < count; i += 1) {
      await page.keyboard.insertText(`Paragraph ${i} of the account.`)
      await page.keyboard.press('Enter')
    }
  }

  it('inserts blocks from the slash menu by keyboard alone: filter, arrows, Enter, Escape', async () => {
    const { annTab, bobTab } = await twoOnAPage()
    const menu = annTab.page.getByTestId('slash-menu')
    await typeAtEnd(annTab.page, 'Open points:\n/call')
    await menu.waitFor()
    expect(await menu.locator('[role=option]').allInnerTexts()).toEqual(['Note', 'Warning', 'Open question'])
    await annTab.page.keyboard.press('ArrowDown')
    await annTab.page.keyboard.press('ArrowDown')
    expect(await menu.locator('[aria-selected=true]').innerText()).toBe('Open question')
    await annTab.page.keyboard.press('Enter')
    await menu.waitFor({ state: 'hidden' })
    await annTab.page.keyboard.type('Who gave the order to fire?')
    await expect.poll(() => bobTab.page.locator('.ProseMirror aside[data-callout="question"]').innerText().catch(() => '')).toContain('Who gave the order to fire?')

    // Escape closes the menu and leaves the slash as text; a slash inside a word opens nothing.
    await annTab.page.keyboard.press('Enter')
    await annTab.page.keyboard.press('Enter')
    await annTab.page.keyboard.type('/x')
    await menu.waitFor()
    await annTab.page.keyboard.press('Escape')
    await menu.waitFor({ state: 'hidden' })
    await annTab.page.keyboard.type(' and/or')
    expect(await menu.count()).toBe(0)
    expect(await editorText(annTab.page)).toContain('/x and/or')
    // Outside the editor, `/` still opens search.
    await annTab.page.locator('body').click({ position: { x: 5, y: 300 } })
    await annTab.page.keyboard.press('/')
    const box = annTab.page.getByRole('combobox', { name: 'Search pages' })
    await expect.poll(() => box.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(annTab.errors).toEqual([])
  })

  it('builds a table with two people at once: both type in it, add a row, and see the same table', async () => {
    const { annTab, bobTab } = await twoOnAPage()
    await typeAtEnd(annTab.page, 'Events\n/table')
    await annTab.page.getByTestId('slash-menu').locator('[data-item="table"]').waitFor()
    await annTab.page.keyboard.press('Enter')
    await annTab.page.keyboard.type('Date')
    await annTab.page.keyboard.press('Tab')
    await annTab.page.keyboard.type('Event')

    const bobTable = bobTab.page.locator('.ProseMirror table')
    await expect.poll(() => cells(bobTab).then((rows) => rows[0]).catch(() => [])).toEqual(['Date', 'Event', ''])
    // Bob fills the second row while Ann fills the third.
    await bobTable.locator('tr').nth(1).locator('td').first().click()
    await annTab.page.locator('.ProseMirror table tr').nth(2).locator('td').first().click()
    await Promise.all([
      bobTab.page.keyboard.type('1 June 1962'),
      annTab.page.keyboard.type('2 June 1962'),
    ])
    await bobTab.page.keyboard.press('Tab')
    await bobTab.page.keyboard.type('Strike at the works')
    await annTab.page.getByRole('toolbar', { name: 'Table' }).getByRole('button', { name: 'Row below' }).click()

    const expected = [['Date', 'Event', ''], ['1 June 1962', 'Strike at the works', ''], ['2 June 1962', '', ''], ['', '', '']]
    await expect.poll(() => cells(annTab)).toEqual(expected)
    await expect.poll(() => cells(bobTab)).toEqual(expected)
    await waitForSaveState(annTab.page, 'saved')
    await waitForSaveState(bobTab.page, 'saved')
    await bobTab.page.reload()
    await waitForSaveState(bobTab.page, 'saved')
    await expect.poll(() => cells(bobTab)).toEqual(expected)
    expect(annTab.errors).toEqual([])
    expect(bobTab.errors).toEqual([])
  })

  it('moves rows and columns by keyboard (Alt-Shift-arrows) and from the table menu while someone else types in the table, and both see the same table', async () => {
    const { annTab, bobTab } = await twoOnAPage()
    await typeAtEnd(annTab.page, 'Events\n/table')
    await annTab.page.getByTestId('slash-menu').locator('[data-item="table"]').waitFor()
    await annTab.page.keyboard.press('Enter')
    const words = ['Date', 'Event', 'Place', '2 June', 'Strike', 'Works', '1 June', 'Rally', 'Square']
    for (const [index, word] of words.entries()) {
      if (index > 0) await annTab.page.keyboard.press('Tab')
      await annTab.page.keyboard.type(word)
    }
    await expect.poll(() => cells(bobTab).catch(() => [])).toEqual([['Date', 'Event', 'Place'], ['2 June', 'Strike', 'Works'], ['1 June', 'Rally', 'Square']])
    // The menu offers what can be done where the caret is: the last row cannot move down.
    const moveRowDown = annTab.page.getByRole('toolbar', { name: 'Table' }).getByRole('button', { name: 'Move row down' })
    await expect.poll(() => moveRowDown.getAttribute('aria-disabled')).toBe('true')

    // The caret's row moves up and the caret stays in its cell: typing goes on where it was.
    await annTab.page.keyboard.press('Alt+Shift+ArrowUp')
    await annTab.page.keyboard.type('!')
    await expect.poll(() => cells(bobTab)).toEqual([['Date', 'Event', 'Place'], ['1 June', 'Rally', 'Square!'], ['2 June', 'Strike', 'Works']])
    await expect.poll(() => moveRowDown.getAttribute('aria-disabled')).toBeNull()

    // Bob types in the header while Ann moves her column to the left.
    await bobTab.page.locator('.ProseMirror table th').first().click()
    await bobTab.page.keyboard.press('End')
    await Promise.all([
      bobTab.page.keyboard.type(' (1962)'),
      annTab.page.keyboard.press('Alt+Shift+ArrowLeft'),
    ])
    await expect.poll(() => cells(annTab).then((rows) => rows.slice(1))).toEqual([['1 June', 'Square!', 'Rally'], ['2 June', 'Works', 'Strike']])

    // From the table menu: the row of the clicked cell moves up.
    await annTab.page.locator('.ProseMirror table tr').nth(2).locator('td').first().click()
    await annTab.page.getByRole('toolbar', { name: 'Table' }).getByRole('button', { name: 'Move row up' }).click()
    await expect.poll(() => cells(annTab).then((rows) => rows.slice(1))).toEqual([['2 June', 'Works', 'Strike'], ['1 June', 'Square!', 'Rally']])

    await waitForSaveState(annTab.page, 'saved')
    await waitForSaveState(bobTab.page, 'saved')
    const annSees = await cells(annTab)
    expect(annSees[0].slice(1)).toEqual(['Place', 'Event'])
    expect(annSees[0][0]).toMatch(/^Date/u)
    await expect.poll(() => cells(bobTab)).toEqual(annSees)
    await bobTab.page.reload()
    await waitForSaveState(bobTab.page, 'saved')
    await expect.poll(() => cells(bobTab)).toEqual(annSees)
    expect(annTab.errors).toEqual([])
    expect(bobTab.errors).toEqual([])
  })

  it('lists the headings in a table of contents that jumps to each, and opens a #section link at its heading, on a wide screen and a phone', async () => {
    const { ann, pageId } = await createPageForTwo(world.server.url, 'Sections')
    const annTab = await world.person(ann.token)
    await annTab.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(annTab.page, 'saved')
    await typeSection(annTab.page, '## The strike', 25)
    await typeSection(annTab.page, '## Aftermath', 25)
    await typeSection(annTab.page, '### The trials', 0)
    await annTab.page.keyboard.type('Last words.')
    await waitForSaveState(annTab.page, 'saved')

    const toc = annTab.page.locator('[data-toc="side"]')
    await expect.poll(() => toc.locator('a').allInnerTexts()).toEqual(['The strike', 'Aftermath', 'The trials'])
    expect(await toc.locator('a').nth(1).getAttribute('href')).toBe('#aftermath')
    await toc.getByRole('link', { name: 'Aftermath' }).click()
    const inView = (tab: typeof annTab, id: string) => tab.page.locator(`.ProseMirror h2#${id}, .ProseMirror h3#${id}`).evaluate((h) => {
      const box = h.getBoundingClientRect()
      return box.top >= 0 && box.top < window.innerHeight / 2 ? true : `top ${box.top} scrollY ${window.scrollY} h ${window.innerHeight} doc ${document.documentElement.scrollHeight}`
    })
    await expect.poll(() => inView(annTab, 'aftermath')).toBe(true)
    expect(new URL(annTab.page.url()).hash).toBe('#aftermath')

    // A link to a section, opened on a phone: it lands on the heading; the contents are folded above the text.
    const phone = await world.person(ann.token)
    await phone.page.setViewportSize({ width: 390, height: 800 })
    await phone.page.goto(`${world.server.url}/p/${pageId}#the-trials`)
    await waitForSaveState(phone.page, 'saved')
    await expect.poll(() => inView(phone, 'the-trials')).toBe(true)
    const folded = phone.page.locator('[data-toc="inline"]')
    expect(await folded.locator('details').getAttribute('open')).toBeNull()
    expect(await phone.page.locator('[data-toc="side"]').isVisible()).toBe(false)
    await folded.getByText('Contents').click()
    await folded.getByRole('link', { name: 'The strike' }).click()
    await expect.poll(() => inView(phone, 'the-strike')).toBe(true)
    expect(annTab.errors).toEqual([])
    expect(phone.errors).toEqual([])
  })

  it('follows a [[Page#Section]] wiki link from another page to the heading', async () => {
    const { ann, pageId, spaceId } = await createPageForTwo(world.server.url, 'Sections')
    const other = await api(world.server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: ann.token, body: { title: 'Sources' } })
    expect(other.status).toBe(201)
    const annTab = await world.person(ann.token)
    await annTab.page.goto(`${world.server.url}/p/${pageId}`)
    await waitForSaveState(annTab.page, 'saved')
    await typeSection(annTab.page, '## The strike', 40)
    await typeSection(annTab.page, '### The trials', 40)
    await waitForSaveState(annTab.page, 'saved')

    await annTab.page.goto(`${world.server.url}/p/${other.body.id}`)
    await waitForSaveState(annTab.page, 'saved')
    await typeAtEnd(annTab.page, 'Read [[Sections#The trials]] ')
    const link = editorOf(annTab.page).locator('a.wiki-link')
    await expect.poll(() => link.getAttribute('data-wiki-target')).toBe('Sections#The trials')
    await waitForSaveState(annTab.page, 'saved')
    await link.click({ modifiers: ['ControlOrMeta'] })
    await expect.poll(() => new URL(annTab.page.url()).hash).toBe('#the-trials')
    await waitForSaveState(annTab.page, 'saved')
    await expect.poll(() => editorOf(annTab.page).locator('h3#the-trials').evaluate((h) => {
      const box = h.getBoundingClientRect()
      return box.top >= 0 && box.top < window.innerHeight / 2
    })).toBe(true)
    expect(annTab.errors).toEqual([])
  })
})
