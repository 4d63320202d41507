import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readPageCitations } from '../../../server/citations/citationQueries.ts'
import type { Services } from '../../../server/core/Services.ts'
import { indexDocument } from '../../../server/documents/indexDocument.ts'
import { citationsFeature } from '../../../server/features/citationsFeature.ts'
import { linksFeature } from '../../../server/features/linksFeature.ts'
import { readPageLinks } from '../../../server/links/linkQueries.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { countTransactions } from '../../support/countTransactions.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendCitedParagraph } from '../citations/citationWriting.ts'
import { appendLinkedParagraph, clearPage } from '../links/linkWriting.ts'

// An instance alone runs each indexer in a transaction of its own, unless the indexer writes one
// statement (the page's text) or says it has nothing to do (links and citations on a page that
// has none and had none). The server runs those three indexers only; its database is wrapped to
// count the transactions an index run opens, and what the run stored is read back.
let server: TestServer
let services: Services
let opened: () => number

beforeAll(async () => {
  server = await startTestServer({ features: [linksFeature(), citationsFeature] })
  const counted = countTransactions(server.palimpsest.services.db)
  opened = counted.opened
  services = { ...server.palimpsest.services, db: counted.db }
})
afterAll(() => server?.close())

/** Indexes `doc` as the page's document; resolves to the transactions the run opened. */
async function index(pageId: string, doc: Y.Doc): Promise<number> {
  const before = opened()
  expect(await indexDocument(services, pageId, doc)).toBe(true)
  return opened() - before
}

const storedText = async (pageId: string) =>
  (await services.db.query<{ text: string }>('SELECT content_text AS text FROM pages WHERE id = $1', [pageId]))[0].text

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
    expect((await readPageLinks(services.db, pageId)).map((link) => link.targetTitle)).toEqual(['Strike'])

    // Nothing extracted but a link stored: the run must still go and remove it.
    clearPage(doc)
    appendLinkedParagraph(doc, ['The strike began at the plant.'])
    expect(await index(pageId, doc)).toBe(1)
    expect(await readPageLinks(services.db, pageId)).toEqual([])
    expect(await index(pageId, doc)).toBe(0)
  })

  it('indexes citations written, and their removal, in the citations indexer’s transaction', async () => {
    const cas = await signUpUser(server.url, 'cas')
    const { pageId } = await createSpaceWithPage(server.url, cas.token, { title: 'Citing' })
    const doc = new Y.Doc()
    appendCitedParagraph(doc, ['Output at the plant fell that year.', 'needed'])
    expect(await index(pageId, doc)).toBe(1)
    expect((await readPageCitations(services.db, pageId)).map((row) => row.kind)).toEqual(['needed'])

    clearPage(doc)
    appendCitedParagraph(doc, ['Output at the plant fell that year.'])
    expect(await index(pageId, doc)).toBe(1)
    expect(await readPageCitations(services.db, pageId)).toEqual([])
    expect(await index(pageId, doc)).toBe(0)
  })
})
