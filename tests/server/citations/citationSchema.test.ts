import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { extractCitations } from '../../../server/citations/extractCitations.ts'
import { checkUpdate } from '../../../server/documents/checkUpdate.ts'
import { nodeText, pageNode } from '../../../server/documents/pageNode.ts'
import { editOf } from '../../support/hostileUpdates.ts'
import { appendParagraph } from '../../support/providers.ts'
import { appendCitedParagraph } from './citationWriting.ts'

const SOURCE = '6f1c2a4e-3b7d-4c5e-9a8b-1d2e3f405162'

function livePage(): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  appendParagraph(doc, 'Troops fired on the crowd.')
  return doc
}

function check(doc: Y.Doc, update: Uint8Array): string | null {
  const decoded = Y.decodeUpdate(update)
  return checkUpdate({ update, structs: decoded.structs as (Y.Item | Y.GC | Y.Skip)[], deleteSet: decoded.ds.clients }, doc)
}

const paragraph = (doc: Y.Doc) => doc.getXmlFragment('default').get(0) as Y.XmlElement

describe('citations in the page schema', () => {
  it('accepts a citation and a citation-needed marker inside a paragraph, as the editor writes them', () => {
    const doc = livePage()
    expect(check(doc, editOf(doc, (d) => appendCitedParagraph(d, ['Claim.', { sourceId: SOURCE, locator: '¶ 4', quote: 'fired' }, { note: 'A note.' }, 'needed'])))).toBeNull()
  })

  it('refuses a malformed citation: text inside the atom, an unknown attribute, or a citation outside a paragraph', () => {
    const doc = livePage()
    const withCitation = editOf(doc, (d) => appendCitedParagraph(d, ['Claim.', { sourceId: SOURCE }]))
    Y.applyUpdate(doc, withCitation)
    const citation = (d: Y.Doc) => (d.getXmlFragment('default').get(1) as Y.XmlElement).get(1) as Y.XmlElement
    expect(check(doc, editOf(doc, (d) => citation(d).insert(0, [new Y.XmlText('hidden')])))).toMatch(/citation allows none/u)
    expect(check(doc, editOf(doc, (d) => citation(d).setAttribute('onclick', 'alert(1)')))).toMatch(/unknown attribute "onclick" on citation/u)
    expect(check(doc, editOf(doc, (d) => d.getXmlFragment('default').insert(0, [new Y.XmlElement('citation')])))).toMatch(/"citation" element into the page root/u)
    expect(check(doc, editOf(doc, (d) => paragraph(d).insert(0, [(() => { const n = new Y.XmlElement('citationNeeded'); n.setAttribute('reason', 'x'); return n })()])))).toMatch(/unknown attribute "reason" on citationNeeded/u)
  })

  it('reads attribute values that are no strings as a citation of a missing source, never failing', () => {
    const doc = new Y.Doc({ gc: false })
    const fragment = doc.getXmlFragment('default')
    const p = new Y.XmlElement('paragraph')
    fragment.insert(0, [p])
    const citation = new Y.XmlElement('citation')
    p.insert(0, [new Y.XmlText('Claim.'), citation])
    citation.setAttribute('sourceId', { nested: true } as unknown as string)
    citation.setAttribute('note', 42 as unknown as string)
    expect(extractCitations(pageNode(doc))).toEqual([{ position: 0, kind: 'source', sourceId: null, locator: '', note: '' }])
  })

  it('puts a note’s words into the page text (for search), and nothing of a source citation', () => {
    const doc = new Y.Doc({ gc: false })
    appendCitedParagraph(doc, ['Claim.', { sourceId: SOURCE }, ' More.', { note: 'Trial records of 1962.' }])
    expect(nodeText(pageNode(doc))).toBe('Claim.  More. Trial records of 1962. ')
  })
})
