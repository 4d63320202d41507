import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ApiDiff, ApiRevision, ApiRevisionContent } from '../../../shared/historyTypes.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { fetchAttachment, smallPng, uploadFile } from '../../support/attachmentFiles.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startHistoryServer, waitForRevisions } from '../history/historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

const images = (doc: Y.Doc) => doc.getXmlFragment('default').toArray()
  .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'image')

describe('images in history', { timeout: 120_000 }, () => {
  it('restoring a revision brings back an image removed since, and its bytes are still served', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const { pageId } = await createSpaceWithPage(server.url, alice.token)
    const uploaded = await uploadFile(server.url, pageId, await smallPng(64, 48), 'square.png', { token: alice.token })
    expect(uploaded.status).toBe(201)

    const a = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(a.doc, 'The square before the shooting.')
    const image = new Y.XmlElement('image')
    image.setAttribute('src', uploaded.body.url)
    image.setAttribute('alt', 'The square')
    image.setAttribute('width', 'wide')
    a.doc.getXmlFragment('default').push([image])
    await a.settled()
    a.destroy()
    const [first] = await waitForRevisions(server.url, pageId, 1, alice.token)
    const content = await api<ApiRevisionContent>(server.url, 'GET', `/api/pages/${pageId}/revisions/${first.id}`, { token: alice.token })
    expect(JSON.stringify(content.body.content)).toContain(uploaded.body.url)

    const b = await perTest.connect(pageId, { token: alice.token })
    b.doc.getXmlFragment('default').delete(1, 1)
    await b.settled()
    b.destroy()
    const [second] = await waitForRevisions(server.url, pageId, 2, alice.token)
    // The comparison shows the image as a removed block, by Alice.
    const diff = await api<ApiDiff>(server.url, 'GET', `/api/pages/${pageId}/diff?from=${first.id}&to=${second.id}`, { token: alice.token })
    expect(diff.status).toBe(200)
    expect(diff.body.content.find((node) => node.type === 'image')).toMatchObject({ status: 'removed', author: alice.id, attrs: { src: uploaded.body.url } })

    const watcher = await perTest.connect(pageId, { token: alice.token })
    expect(images(watcher.doc)).toHaveLength(0)
    const restored = await api<ApiRevision>(server.url, 'POST', `/api/pages/${pageId}/revisions/${first.id}/restore`, { token: alice.token })
    expect(restored.status).toBe(201)
    await waitFor(() => images(watcher.doc).length === 1, 'the restored image to reach the open editor')
    expect(images(watcher.doc)[0].getAttributes()).toMatchObject({ src: uploaded.body.url, alt: 'The square', width: 'wide' })
    const served = await fetchAttachment(server.url, uploaded.body.url, { token: alice.token })
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toMatch(/^image\//u)
  })
})
