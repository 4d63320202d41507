import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ApiAnnotatedNode, ApiDiff } from '../../../shared/historyTypes.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startHistoryServer, waitForRevisions } from '../history/historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

/** Every annotated node, flattened (paragraphs, their text runs and their inline atoms). */
function flatten(nodes: ApiAnnotatedNode[], into: ApiAnnotatedNode[] = []): ApiAnnotatedNode[] {
  for (const node of nodes) {
    into.push(node)
    if (node.content) flatten(node.content, into)
  }
  return into
}

describe('citations in the history', { timeout: 120_000 }, () => {
  it('shows a citation added as an addition in the diff, keeps it in blame, and restores the page without it', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token)
    const source = await api(server.url, 'POST', `/api/spaces/${spaceId}/sources`, { token: alice.token, body: { csl: { type: 'book', title: 'Mass Uprisings in the USSR' } } })

    const first = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(first.doc, 'Troops fired on the crowd.')
    await first.settled()
    first.destroy()
    const [before] = await waitForRevisions(server.url, pageId, 1, alice.token)

    const second = await perTest.connect(pageId, { token: alice.token })
    const paragraph = second.doc.getXmlFragment('default').get(0) as Y.XmlElement
    second.doc.transact(() => {
      const citation = new Y.XmlElement('citation')
      paragraph.insert(paragraph.length, [citation])
      citation.setAttribute('sourceId', source.body.id)
      citation.setAttribute('locator', 'p. 231')
    })
    await second.settled()
    second.destroy()
    const [after] = await waitForRevisions(server.url, pageId, 2, alice.token)

    const diff = await api<ApiDiff>(server.url, 'GET', `/api/pages/${pageId}/diff?from=${before.id}&to=${after.id}`, { token: alice.token })
    expect(diff.status).toBe(200)
    const added = flatten(diff.body.content).filter((node) => node.type === 'citation')
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({ status: 'added', attrs: { sourceId: source.body.id, locator: 'p. 231' } })

    const blame = await api(server.url, 'GET', `/api/pages/${pageId}/blame`, { token: alice.token })
    expect(blame.status).toBe(200)
    expect(flatten(blame.body.content).filter((node) => node.type === 'citation')).toHaveLength(1)

    await waitFor(async () => (await api(server.url, 'GET', `/api/spaces/${spaceId}/sources/${source.body.id}`, { token: alice.token })).body.citedBy.length === 1, 'the citation to be indexed')
    const restored = await api(server.url, 'POST', `/api/pages/${pageId}/revisions/${before.id}/restore`, { token: alice.token })
    expect(restored.status).toBeLessThan(300)
    await waitFor(async () => (await api(server.url, 'GET', `/api/spaces/${spaceId}/sources/${source.body.id}`, { token: alice.token })).body.citedBy.length === 0, 'the restored page to cite nothing')
  })
})
