import { Server, type beforeHandleMessagePayload, type Extension } from '@hocuspocus/server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AckGate } from '../../../server/internals/AckGate.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'

// Contract of the acknowledgement gate with the pinned Hocuspocus: it replaces
// `connection.send` and recognises the sync-status message by its type. If an upgrade sends
// acknowledgements another way, the "saved" below arrives while the gate is held and this
// fails. A bare Hocuspocus server (no database) with one extension that holds the gate.

/** Holds every acknowledgement until `release` (what the durability extension does with log rows). */
class HoldAcknowledgements implements Extension {
  extensionName = 'HoldAcknowledgements'
  held = false
  private pending: Promise<void> = Promise.resolve()
  release = () => {}

  hold(): void {
    this.held = true
    this.pending = new Promise<void>((resolve) => { this.release = () => { this.held = false; resolve() } })
  }

  async beforeHandleMessage({ connection }: beforeHandleMessagePayload): Promise<void> {
    if (this.held) AckGate.of(connection, () => {}).hold(this.pending)
  }
}

const gate = new HoldAcknowledgements()
let server: Server
const providers: TestProvider[] = []

beforeAll(async () => {
  server = new Server({ port: 0, address: '127.0.0.1', quiet: true, extensions: [gate] })
  await server.listen()
})

afterAll(async () => {
  gate.release()
  for (const p of providers) p.destroy()
  await server?.destroy()
})

it('holds the acknowledgement of an applied edit while the gate is held, without holding the edit itself, then sends it', async () => {
  const wsUrl = `ws://127.0.0.1:${server.address.port}`
  const author = await connectProvider(wsUrl, 'page')
  const peer = await connectProvider(wsUrl, 'page')
  providers.push(author, peer)

  gate.hold()
  appendParagraph(author.doc, 'written while acknowledgements wait')
  // Hocuspocus applied and relayed it: only its acknowledgement is held.
  await waitFor(() => docText(peer.doc) === 'written while acknowledgements wait', 'the peer to see the edit')
  expect(author.provider.unsyncedChanges).toBeGreaterThan(0)

  gate.release()
  await author.settled()
  expect(author.provider.unsyncedChanges).toBe(0)
})
