import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { api, signUpUser } from '../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../support/providers.ts'
import { startTestServer, type TestServer } from '../support/startTestServer.ts'
import { authMessage, syncMessage } from '../support/hocuspocusMessages.ts'
import { hostileMessage } from './support/hostileMessages.ts'
import { RawSocket } from './support/RawSocket.ts'
import { recordFigures } from './support/scenarioFigures.ts'
import { scenarioRandom, type ScenarioRandom } from './support/scenarioSeed.ts'
import { contentOf } from './support/storedDocument.ts'
import { tokensIn, Typist } from './support/Typist.ts'

const FULL = process.env.RELIABILITY_FULL === '1'
const MESSAGES_PER_PHASE = FULL ? 20_000 : 2500
const MESSAGES_PER_SOCKET = 40
const FLOOD_SOCKETS = FULL ? 1000 : 300
const MAX_MESSAGE_BYTES = 65_536
/** A phase stops at its count or after this long, whichever comes first. */
const PHASE_MS = FULL ? 120_000 : 30_000

let server: TestServer | undefined
const clients: TestProvider[] = []
let writer: Typist | undefined
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => { unhandled.push(reason) }
process.on('unhandledRejection', onUnhandled)

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  writer?.client.destroy()
  for (const c of clients) c.destroy()
  await server?.close()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Sends `count` hostile messages through fresh sockets (opening another whenever one is closed); returns what happened. */
async function fuzz(wsUrl: string, pageId: string, random: ScenarioRandom, count: number, firstMessage?: Uint8Array) {
  const closes = new Map<number, number>()
  let sent = 0
  let sockets = 0
  const deadline = Date.now() + PHASE_MS
  while (sent < count && Date.now() < deadline) {
    const socket = new RawSocket(wsUrl)
    sockets += 1
    try {
      await socket.opened
    } catch {
      continue
    }
    if (firstMessage) socket.send(firstMessage)
    for (let i = 0; i < MESSAGES_PER_SOCKET && sent < count; i++) {
      if (!socket.send(hostileMessage(pageId, random))) break
      sent += 1
      // Let the server take each message in turn, as a real client's would arrive.
      await new Promise((r) => setImmediate(r))
    }
    socket.close()
    const { code } = await socket.closed
    closes.set(code, (closes.get(code) ?? 0) + 1)
  }
  return { sent, sockets, closes }
}

function clientIds(doc: Y.Doc): Set<number> {
  return new Set(Y.decodeStateVector(Y.encodeStateVector(doc)).keys())
}

describe('hostile input on the collaboration socket', { timeout: 240_000 }, () => {
  it('thousands of random and mutated messages, oversized frames and a flood of connections never crash the server, never reach the document from outsiders, and never disturb other writers', async () => {
    const random = scenarioRandom('websocket-fuzz')
    server = await startTestServer({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } })
    const owner = await signUpUser(server.url, 'owner')
    const mallory = await signUpUser(server.url, 'mallory')
    const space = await api(server.url, 'POST', '/api/spaces', { token: owner.token, body: { name: 'Open group', visibility: 'public' } })
    const target = await api(server.url, 'POST', `/api/spaces/${space.body.id}/pages`, { token: owner.token, body: { title: 'Target' } })
    const bystander = await api(server.url, 'POST', `/api/spaces/${space.body.id}/pages`, { token: owner.token, body: { title: 'Bystander' } })
    expect((await api(server.url, 'PUT', `/api/spaces/${space.body.id}/members/${mallory.username}`, { token: owner.token, body: { role: 'editor' } })).status).toBe(200)
    const targetId: string = target.body.id
    const { hocuspocus } = server.palimpsest.services

    // A witness reads the target page; a writer types on another page all along.
    const witness = await connectProvider(server.wsUrl, targetId, { token: owner.token })
    clients.push(witness)
    writer = await Typist.connect(0, server.wsUrl, bystander.body.id, owner.token)
    let typing = true
    const typed = (async () => {
      while (typing) {
        writer!.typeOne(random)
        await sleep(50)
      }
    })()
    await writer.client.settled()
    const serverDoc = () => hocuspocus.documents.get(targetId)!
    const idsBefore = clientIds(serverDoc())

    // Outsiders: no token, or a made-up one.
    const outsiders = await fuzz(server.wsUrl, targetId, random, MESSAGES_PER_PHASE)
    expect(clientIds(serverDoc())).toEqual(idsBefore)

    // An editor gone bad: authenticated, then hostile.
    const insider = await fuzz(server.wsUrl, targetId, random, MESSAGES_PER_PHASE, authMessage(targetId, mallory.token))
    // Frames that are not Hocuspocus messages close with malformed-message, never a code clients read as "signed out".
    expect(outsiders.closes.get(CloseCodes.malformedMessage.code)).toBeGreaterThan(0)
    expect(outsiders.closes.has(4401) || insider.closes.has(4401)).toBe(false)

    // Oversized frames, from an outsider and from the editor: refused by the websocket itself.
    const oversized: number[] = []
    for (const [token, size] of [[null, MAX_MESSAGE_BYTES + 1], [mallory.token, MAX_MESSAGE_BYTES + 1], [null, 16 * 1024 * 1024], [mallory.token, 16 * 1024 * 1024]] as const) {
      const socket = new RawSocket(server.wsUrl)
      await socket.opened
      if (token) socket.send(authMessage(targetId, token))
      socket.send(syncMessage(targetId, 2, new Uint8Array(size)))
      oversized.push((await socket.closed).code)
    }
    expect(oversized).toEqual([1009, 1009, 1009, 1009])

    // A flood of connections from one client, each opening the page; the writer keeps being saved meanwhile.
    const flood = Array.from({ length: FLOOD_SOCKETS }, () => new RawSocket(server!.wsUrl))
    const floodOpened = (await Promise.allSettled(flood.map((s) => s.opened))).filter((r) => r.status === 'fulfilled').length
    for (const socket of flood) {
      socket.send(authMessage(targetId, 'anonymous'))
      socket.send(syncMessage(targetId, 0, Y.encodeStateVector(new Y.Doc())))
    }
    const floodToken = writer.typeOne(random)
    await waitFor(() => writer!.acked >= writer!.tokens.indexOf(floodToken) + 1, 'the writer to be saved during the flood', 30_000)
    const answered = await waitFor(() => flood.filter((s) => s.received > 0).length >= floodOpened * 0.9 && flood.filter((s) => s.received > 0).length, 'the flooding sockets to be answered', 60_000)
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200)
    for (const socket of flood) socket.close()
    await Promise.all(flood.map((s) => s.closed))
    await waitFor(() => hocuspocus.getConnectionsCount() === 2, 'the flood\'s connections to be gone', 30_000)

    typing = false
    await typed
    await writer.client.settled()
    expect(unhandled).toEqual([])
    // The two real clients were never disturbed; the writer lost nothing.
    expect(witness.closes).toEqual([])
    expect(writer.client.closes).toEqual([])
    await waitFor(() => contentOf(witness.doc) === contentOf(serverDoc()), 'the witness to hold the server\'s document')
    const targetContent = contentOf(witness.doc)
    const writerTokens = [...writer.tokens]

    // Everything stored loads again: the target page as the witness saw it, the writer's page whole.
    writer.client.destroy()
    for (const c of clients.splice(0)) c.destroy()
    server = await server.restart()
    const reread = await connectProvider(server.wsUrl, targetId, { token: owner.token })
    const rereadWriter = await connectProvider(server.wsUrl, bystander.body.id, { token: owner.token })
    clients.push(reread, rereadWriter)
    expect(contentOf(reread.doc)).toBe(targetContent)
    const present = new Set(tokensIn(rereadWriter.doc))
    const lost = writerTokens.filter((t) => !present.has(t)).length
    expect(lost).toBe(0)

    const codes = (m: Map<number, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}×${n}`).join(', ')
    recordFigures({
      scenario: 'websocket-fuzz',
      title: 'Random and mutated Hocuspocus/Yjs messages from outsiders and from an editor, oversized frames, a connection flood',
      seed: random.seed,
      faults: `${outsiders.sockets + insider.sockets} hostile sockets, ${oversized.length} oversized frames (up to 16 MiB), a flood of ${FLOOD_SOCKETS} connections`,
      inputs: `${outsiders.sent} messages from outsiders, ${insider.sent} from an authenticated editor`,
      editsLost: lost,
      recoveryMs: null,
      notes: `close codes, outsiders: ${codes(outsiders.closes)}; editor: ${codes(insider.closes)}; oversized: 1009 each; flood: ${floodOpened} opened, ${answered} answered, the writer saved meanwhile; other clients never disconnected; no unhandled rejection; the target page reloads equal to what its reader saw`,
    })
  })
})
