import { afterEach, describe, expect, it } from 'vitest'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startTestServer } from '../../support/startTestServer.ts'
import { awarenessFrame, closeFrame, CollabWire } from './CollabWire.ts'

const perTest = serverPerTest(startTestServer)
const wires: CollabWire[] = []

// Runs before serverPerTest's (vitest runs after-hooks in reverse): the wires close before the server.
afterEach(() => {
  for (const w of wires.splice(0)) w.close()
})

/** A server with the given limits, an owner, and a public space with `pages` pages. */
async function publicPages(env: Record<string, string>, pages = 1) {
  const server = await perTest.start({ env })
  const owner = await signUpUser(server.url, 'owner')
  const { spaceId, pageId } = await createSpaceWithPage(server.url, owner.token, { visibility: 'public', title: 'Page 0' })
  const pageIds = [pageId]
  for (let i = 1; i < pages; i++) {
    const page = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: { title: `Page ${i}` } })
    pageIds.push(page.body.id)
  }
  return { owner, pageIds, server }
}

function wire(url: string): CollabWire {
  const w = new CollabWire(url)
  wires.push(w)
  return w
}

describe('limits on every collaboration socket', { timeout: 300_000 }, () => {
  it('a socket may hold only so many documents at once; one it lets go of no longer counts', async () => {
    const { pageIds, server } = await publicPages({ COLLAB_DOCUMENTS_PER_CONNECTION: '3' }, 5)
    const reader = wire(server.wsUrl)
    for (const id of pageIds.slice(0, 3)) reader.open(id)
    await reader.answered(3)
    expect([...reader.answers.values()]).toEqual(['authenticated', 'authenticated', 'authenticated'])

    reader.send(closeFrame(pageIds[0]))
    reader.open(pageIds[3])
    await reader.answered(4)
    expect(reader.answers.get(pageIds[3])).toBe('authenticated')
    expect(reader.closed).toBeNull()

    reader.open(pageIds[4])
    expect(await reader.closing()).toEqual(CloseCodes.tooManyDocuments)
    expect(reader.answers.has(pageIds[4])).toBe(false)
  })

  it('a socket flooding awareness messages is closed with too-many-messages while an editor keeps editing', async () => {
    const { owner, pageIds: [pageId], server } = await publicPages({ COLLAB_MESSAGES_PER_SECOND: '20', COLLAB_MESSAGE_BURST: '50' })
    const editor = await perTest.connect(pageId, { token: owner.token })
    const watcher = await perTest.connect(pageId)

    const flood = wire(server.wsUrl)
    flood.open(pageId)
    await flood.answered(1)
    for (let clock = 1; clock <= 2000; clock++) flood.send(awarenessFrame(pageId, 424242, clock))
    appendParagraph(editor.doc, 'written during the flood')

    expect(await flood.closing()).toEqual(CloseCodes.tooManyMessages)
    appendParagraph(editor.doc, 'written after it')
    await editor.settled()
    await waitFor(() => docText(watcher.doc) === 'written during the flood\nwritten after it', 'the watcher to see both edits')
    expect(editor.closes).toEqual([])
    expect(watcher.closes).toEqual([])
  })

  it('a reader that never reads what it is sent is dropped before its send buffer grows without bound', async () => {
    const { owner, pageIds: [pageId], server } = await publicPages({
      COLLAB_SEND_BUFFER_BYTES: String(1024 * 1024), MAX_AWARENESS_BYTES: String(2 * 1024 * 1024),
    })
    const { hocuspocus } = server.palimpsest.collab
    const { metrics } = server.palimpsest.services
    const slowReadersDropped = async () => (await metrics.limitRefusals.get()).values.find((v) => v.labels.limit === 'slow-reader')?.value ?? 0
    const editor = await perTest.connect(pageId, { token: owner.token })
    const watcher = await perTest.connect(pageId)
    const slow = wire(server.wsUrl)
    slow.open(pageId)
    await slow.answered(1)
    await waitFor(() => hocuspocus.getConnectionsCount() === 3, 'the three connections to be open')
    slow.stopReading()

    // Send until the server gives up on the reader: the editor's presence, a megabyte each beat,
    // goes to every connection (presence, unlike text, costs no storage or indexing, so each
    // beat is quick). The kernel's socket buffers take the first few megabytes, so the loop is
    // bounded by bytes; a reader that keeps reading sees each beat, and the slow one keeps
    // talking (awareness), so no idle timeout ends it instead.
    const chunk = 'Strike committee minutes. '.repeat(40_000)
    const editorId = editor.provider.awareness!.clientID
    let written = 0
    for (let beat = 1; (await slowReadersDropped()) === 0 && written < 48 * 1024 * 1024; beat++) {
      slow.send(awarenessFrame(pageId, 515151, beat))
      editor.provider.setAwarenessField('minutes', { beat, chunk })
      await waitFor(() => (watcher.provider.awareness!.getStates().get(editorId)?.minutes as { beat?: number } | undefined)?.beat === beat, `beat ${beat} to reach a reader`, 30_000)
      written += chunk.length
    }
    expect(await slowReadersDropped()).toBe(1)
    await waitFor(() => hocuspocus.getConnectionsCount() === 2, 'the slow reader\'s connection to be gone')
    // The editor was never affected.
    appendParagraph(editor.doc, 'still here')
    await editor.settled()
    expect(editor.closes).toEqual([])
    await waitFor(() => docText(watcher.doc).includes('still here'), 'the edit to reach the reader')
  })

  it('an address may open only so many sockets; closing one makes room for another', async () => {
    const { server } = await publicPages({ COLLAB_CONNECTIONS_PER_ADDRESS: '3' })
    const open = [wire(server.wsUrl), wire(server.wsUrl), wire(server.wsUrl)]
    expect(await Promise.all(open.map((w) => w.opened))).toEqual([true, true, true])

    const fourth = wire(server.wsUrl)
    expect(await fourth.opened).toBe(false)
    expect(fourth.refusedWith).toBe(429)

    open[0].close()
    await waitFor(async () => {
      const next = wire(server.wsUrl)
      return next.opened
    }, 'a socket to open again once one closed')
  })
})
