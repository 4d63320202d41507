import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readPageCitations } from '../../../server/citations/citationQueries.ts'
import { citationsFeature } from '../../../server/features/citationsFeature.ts'
import { linksFeature } from '../../../server/features/linksFeature.ts'
import { readPageLinks } from '../../../server/links/linkQueries.ts'
import { readSearchSource } from '../../../server/search/searchDocumentQueries.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { countIndexTransactions } from '../../support/countIndexTransactions.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendCitedParagraph } from '../citations/citationWriting.ts'
import { appendLinkedParagraph, clearPage } from '../links/linkWriting.ts'

// An instance alone runs each indexer in a transaction of its own, unless the indexer writes one
// statement (the page's text) or says it has nothing to do (links and citations on a page that
// has none and had none). The server runs those three indexers only; its database is wrapped to
// count the transactions an index run opens, and what the run stored is read back.
let server: TestServer
let index: (pageId: string, doc: Y.Doc) => Promise<number>

beforeAll(async () => {
  server = await startTestServer({ features: [linksFeature(), citationsFeature] })
  index = countIndexTransactions(server.palimpsest.services)
})
afterAll(() => server?.close())

const db = () => server.palimpsest.services.db

const storedText = async (pageId: string) => (await readSearchSource(db(), pageId))?.text

describe('an index run on one instance', () => {
  it('opens no transaction for a page without links or citations, and still stores its text', async () => {
    const ann = await signUpUser(server.url, 'ann')
    const { pageId } = await createSpaceWithPage(server.url, ann.token, { title: 'Plain' })
    const doc = new Y.Doc()
    appendLinkedParagraph(doc, ['The strike began at the plant.'])
    expect(await index(pageId, doc)).toBe(0)
    expect(await storedText(pageId)).toContain('The strike began at the plant.')
  })

  it('indexes links written, and their removal, in the links indexer’s transaction', async () => {
    const bea = await signUpUser(server.url, 'bea')
    const { pageId } = await createSpaceWithPage(server.url, bea.token, { title: 'Linking' })
    const doc = new Y.Doc()
    appendLinkedParagraph(doc, ['The ', { target: 'Strike' }, ' began at the plant.'])
    expect(await index(pageId, doc)).toBe(1)
    expect((await readPageLinks(db(), pageId)).map((link) => link.targetTitle)).toEqual(['Strike'])

    // Nothing extracted but a link stored: the run must still go and remove it.
    clearPage(doc)
    appendLinkedParagraph(doc, ['The strike began at the plant.'])
    expect(await index(pageId, doc)).toBe(1)
    expect(await readPageLinks(db(), pageId)).toEqual([])
    expect(await index(pageId, doc)).toBe(0)
  })

  it('indexes citations written, and their removal, in the citations indexer’s transaction', async () => {
    const cas = await signUpUser(server.url, 'cas')
    const { pageId } = await createSpaceWithPage(server.url, cas.token, { title: 'Citing' })
    const doc = new Y.Doc()
    appendCitedParagraph(doc, ['Output at the plant fell that year.', 'needed'])
    expect(await index(pageId, doc)).toBe(1)
    expect((await readPageCitations(db(), pageId)).map((row) => row.kind)).toEqual(['needed'])

    clearPage(doc)
    appendCitedParagraph(doc, ['Output at the plant fell that year.'])
    expect(await index(pageId, doc)).toBe(1)
    expect(await readPageCitations(db(), pageId)).toEqual([])
    expect(await index(pageId, doc)).toBe(0)
  })
})
