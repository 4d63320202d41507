import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { indexDocument } from '../../../server/documents/indexDocument.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph } from '../links/linkWriting.ts'

// Each instance of a scaled-out server indexes its own copy of a page. These copies are made by
// hand here, as two instances would hold them: one that has heard an edit and one that has not yet.
// The server runs as one of several (REDIS_URL set), which needs Postgres and Redis.
const redis = await scaleOutRedis()
let server: TestServer
let token: string

beforeAll(async () => {
  if (!redis) return
  server = await startTestServer({ env: { REDIS_URL: redis } })
  token = (await signUpUser(server.url, 'indexer')).token
})
afterAll(() => server?.close())

const linksOf = async (pageId: string) =>
  ((await api(server.url, 'GET', `/api/pages/${pageId}/links`, { token })).body as { target: string }[]).map((link) => link.target)

/** A copy of `doc` as another instance holds it. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: false })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

describe.skipIf(!redis)('index runs of a scaled-out instance from copies of a page that are not in step', () => {
  it('a copy that has not heard an edit leaves the links made from a copy that has; a newer copy replaces them', async () => {
    const { pageId } = await createSpaceWithPage(server.url, token, { title: 'Strike' })
    const index = (doc: Y.Doc) => indexDocument(server.palimpsest.services, pageId, doc)
    const behind = new Y.Doc({ gc: false })
    appendLinkedParagraph(behind, ['The strike began at the ', { target: 'Electrode Works' }, '.'])
    const ahead = copyOf(behind)
    appendLinkedParagraph(ahead, ['Troops came to ', { target: 'Novocherkassk' }, '.'])

    expect(await index(ahead)).toBe(true)
    expect(await linksOf(pageId)).toEqual(['Electrode Works', 'Novocherkassk'])
    // The lagging copy indexes after it (its edit arrived late): nothing is written.
    expect(await index(behind)).toBe(false)
    expect(await linksOf(pageId)).toEqual(['Electrode Works', 'Novocherkassk'])

    // An edit that only deletes moves no clock; it is still new, and its run removes the link.
    const beforeDeletion = Y.encodeStateVector(ahead)
    ahead.getXmlFragment('default').delete(1, 1)
    expect(Y.encodeStateVector(ahead)).toEqual(beforeDeletion)
    expect(await index(ahead)).toBe(true)
    expect(await linksOf(pageId)).toEqual(['Electrode Works'])

    // Copies that each hold an edit the other lacks, each acknowledged (in the log) by its own
    // instance: the second to run indexes its copy together with what is stored, so the other's
    // link does not drop out; then a copy holding both has nothing new.
    const log = server.palimpsest.services.updateLog
    const other = copyOf(ahead)
    const [otherBefore, aheadBefore] = [Y.encodeStateVector(other), Y.encodeStateVector(ahead)]
    await log.append(pageId, Y.encodeStateAsUpdate(ahead), null)
    appendLinkedParagraph(other, ['See also ', { target: 'Dear Comrades!' }, '.'])
    await log.append(pageId, Y.encodeStateAsUpdate(other, otherBefore), null)
    appendLinkedParagraph(ahead, ['And ', { target: 'Kozlov' }, '.'])
    await log.append(pageId, Y.encodeStateAsUpdate(ahead, aheadBefore), null)
    expect(await index(other)).toBe(true)
    expect(await linksOf(pageId)).toEqual(['Electrode Works', 'Dear Comrades!'])
    expect(await index(ahead)).toBe(true)
    // (The two paragraphs added side by side come in the order Yjs gives them.)
    expect((await linksOf(pageId)).sort()).toEqual(['Dear Comrades!', 'Electrode Works', 'Kozlov'])
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ahead))
    expect(await index(other)).toBe(false)
    expect(await index(ahead)).toBe(false)
  })
})
