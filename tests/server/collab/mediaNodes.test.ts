import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { checkUpdate } from '../../../server/documents/checkUpdate.ts'
import { loadPageDocument } from '../../../server/history/loadPageDocument.ts'
import { createPageForTwo } from '../../support/api.ts'
import { editOf } from '../../support/hostileUpdates.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startTestServer } from '../../support/startTestServer.ts'

const GOOD_SRC = `/api/attachments/${'a'.repeat(32)}`

/** Appends a media node (`image` or `fileAttachment`) with these attributes at the end of the page. */
function appendNode(doc: Y.Doc, name: string, attrs: Record<string, unknown>): void {
  const node = new Y.XmlElement(name)
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string)
  const fragment = doc.getXmlFragment('default')
  fragment.insert(fragment.length, [node])
}

const HOSTILE: [string, string, Record<string, unknown>][] = [
  ['an image whose src is a javascript: URL', 'image', { src: 'javascript:alert(1)', alt: '', caption: '', width: 'inline' }],
  ['an image whose src is on another site', 'image', { src: 'https://tracker.example/pixel.png', alt: '', caption: '', width: 'inline' }],
  ['an image whose src is a data: URL', 'image', { src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: '', caption: '', width: 'inline' }],
  ['an image whose src only starts like ours', 'image', { src: `${GOOD_SRC}/../../auth/logout`, alt: '', caption: '', width: 'inline' }],
  ['an image of a width that does not exist', 'image', { src: GOOD_SRC, alt: '', caption: '', width: 'enormous' }],
  ['an image whose alt text is a megabyte', 'image', { src: GOOD_SRC, alt: 'x'.repeat(1_000_000), caption: '', width: 'inline' }],
  ['a file whose link is a javascript: URL', 'fileAttachment', { src: 'javascript:alert(1)', name: 'a.pdf', size: 10, contentType: 'application/pdf' }],
  ['a callout of a kind that does not exist', 'callout', { kind: 'onclick' }],
  ['a code block in a language the editor does not know', 'codeBlock', { language: 'cobol' }],
  ['a code block whose language is markup', 'codeBlock', { language: '"><img src=x onerror=alert(1)>' }],
  ['a code block whose language is not text', 'codeBlock', { language: 42 }],
  ['a file whose size is not a number', 'fileAttachment', { src: GOOD_SRC, name: 'a.pdf', size: 'huge', contentType: 'application/pdf' }],
]

describe('the schema check of media nodes', () => {
  function livePage(): Y.Doc {
    const doc = new Y.Doc({ gc: false })
    appendParagraph(doc, "the owner's text")
    return doc
  }
  const check = (doc: Y.Doc, update: Uint8Array) => {
    const decoded = Y.decodeUpdate(update)
    return checkUpdate({ update, structs: decoded.structs as (Y.Item | Y.GC | Y.Skip)[], deleteSet: decoded.ds.clients }, doc)
  }

  it('accepts an image and a file that point at our attachments', () => {
    const doc = livePage()
    expect(check(doc, editOf(doc, (d) => appendNode(d, 'image', { src: GOOD_SRC, alt: 'The square', caption: 'June 1962', width: 'wide' })))).toBeNull()
    expect(check(doc, editOf(doc, (d) => appendNode(d, 'fileAttachment', { src: GOOD_SRC, name: 'leaflet.pdf', size: 1234, contentType: 'application/pdf' })))).toBeNull()
  })

  it('accepts a code block in a known language, and one without a language', () => {
    const doc = livePage()
    expect(check(doc, editOf(doc, (d) => appendNode(d, 'codeBlock', { language: 'python' })))).toBeNull()
    expect(check(doc, editOf(doc, (d) => appendNode(d, 'codeBlock', {})))).toBeNull()
  })

  for (const [what, name, attrs] of HOSTILE) {
    it(`refuses ${what}`, () => {
      const doc = livePage()
      expect(check(doc, editOf(doc, (d) => appendNode(d, name, attrs)))).toMatch(/may not hold/u)
    })
  }

  it('accepts a table with a header row, a merged cell and widths, a callout and a task list', () => {
    const doc = livePage()
    const cell = (name: string, text: string, attrs: Record<string, unknown> = {}) => {
      const element = new Y.XmlElement(name)
      for (const [key, value] of Object.entries({ colspan: 1, rowspan: 1, ...attrs })) element.setAttribute(key, value as unknown as string)
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(text)])
      element.insert(0, [paragraph])
      return element
    }
    const row = (...cells: Y.XmlElement[]) => {
      const element = new Y.XmlElement('tableRow')
      element.insert(0, cells)
      return element
    }
    expect(check(doc, editOf(doc, (d) => {
      const table = new Y.XmlElement('table')
      table.insert(0, [row(cell('tableHeader', 'Date', { colwidth: [120] }), cell('tableHeader', 'Event')), row(cell('tableCell', '2 June 1962', { colspan: 2 }))])
      const callout = new Y.XmlElement('callout')
      callout.setAttribute('kind', 'question')
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('Who gave the order?')])
      callout.insert(0, [paragraph])
      const tasks = new Y.XmlElement('taskList')
      const task = new Y.XmlElement('taskItem')
      task.setAttribute('checked', true as unknown as string)
      const taskText = new Y.XmlElement('paragraph')
      taskText.insert(0, [new Y.XmlText('Read the KGB report')])
      task.insert(0, [taskText])
      tasks.insert(0, [task])
      const fragment = d.getXmlFragment('default')
      fragment.insert(fragment.length, [table, callout, tasks])
    }))).toBeNull()
  })

  for (const [what, name, attrs] of [
    ['a table cell spanning a million columns', 'tableCell', { colspan: 1_000_000, rowspan: 1 }],
    ['a table header whose widths are not numbers', 'tableHeader', { colspan: 1, rowspan: 1, colwidth: ['100px; background:url(x)'] }],
  ] as const) {
    it(`refuses ${what}`, () => {
      const doc = livePage()
      expect(check(doc, editOf(doc, (d) => {
        const cell = new Y.XmlElement(name)
        for (const [key, value] of Object.entries(attrs)) cell.setAttribute(key, value as unknown as string)
        cell.insert(0, [new Y.XmlElement('paragraph')])
        const row = new Y.XmlElement('tableRow')
        row.insert(0, [cell])
        const table = new Y.XmlElement('table')
        table.insert(0, [row])
        d.getXmlFragment('default').push([table])
      }))).toMatch(/may not hold/u)
    })
  }

  it('refuses text put straight into a table row (the schema’s structure, not only attributes)', () => {
    const doc = livePage()
    expect(check(doc, editOf(doc, (d) => {
      const table = new Y.XmlElement('table')
      const row = new Y.XmlElement('tableRow')
      row.insert(0, [new Y.XmlText('loose')])
      table.insert(0, [row])
      d.getXmlFragment('default').push([table])
    }))).toMatch(/tableRow allows none/u)
  })

  it('refuses turning an existing image’s src into another site’s URL', () => {
    const doc = livePage()
    Y.applyUpdate(doc, editOf(doc, (d) => appendNode(d, 'image', { src: GOOD_SRC, alt: '', caption: '', width: 'inline' })))
    const retarget = editOf(doc, (d) => (d.getXmlFragment('default').get(1) as Y.XmlElement).setAttribute('src', 'https://evil.example/x.png'))
    expect(check(doc, retarget)).toMatch(/"src" of image/u)
  })
})

describe('media nodes over the websocket', () => {
  const perTest = serverPerTest(startTestServer)

  it('stores an honest image, and cuts off an editor who writes one with a javascript: src, storing nothing of it', async () => {
    const server = await perTest.start()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const owner = await perTest.connect(pageId, { token: ann.token })
    appendParagraph(owner.doc, "the owner's text")
    appendNode(owner.doc, 'image', { src: GOOD_SRC, alt: 'The square', caption: '', width: 'inline' })
    await owner.settled()
    const attacker = await perTest.connect(pageId, { token: bob.token })
    appendNode(attacker.doc, 'image', { src: 'javascript:alert(1)', alt: '', caption: '', width: 'inline' })
    await waitFor(() => attacker.closes.some((c) => c.code === CloseCodes.malformedMessage.code || c.reason === CloseCodes.malformedMessage.reason), 'the attacker to be closed with 4400')
    const stored = (await loadPageDocument(server.palimpsest.services, pageId)).getXmlFragment('default').toJSON()
    expect(stored).toContain(`src="${GOOD_SRC}"`)
    expect(stored).not.toContain('javascript')
    expect(owner.closes).toEqual([])
  })
})
