import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { colorFor } from '../../../shared/presenceColor.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

// One server for the file (start-up is not what is tested); each test makes its own people and page.
// Its awareness limit is low for the oversize test; the states of the others are far smaller.
let server: TestServer | undefined
const providers: TestProvider[] = []

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_AWARENESS_BYTES: '2048' } })
})
afterEach(() => {
  for (const p of providers.splice(0)) p.destroy()
})
afterAll(async () => {
  await server?.close()
})

async function open(pageId: string, token?: string): Promise<TestProvider> {
  const provider = await connectProvider(server!.wsUrl, pageId, { token })
  providers.push(provider)
  return provider
}

type State = Record<string, any>

/** The presence state `observer` holds for `subject`'s client, once `ready` says it arrived. */
function stateOf(observer: TestProvider, subject: TestProvider): State | undefined {
  return observer.provider.awareness!.getStates().get(subject.provider.awareness!.clientID) as State | undefined
}

async function seenBy(observer: TestProvider, subject: TestProvider, ready: (state: State) => boolean): Promise<State> {
  return waitFor(() => { const s = stateOf(observer, subject); return s && ready(s) ? s : undefined }, 'a presence state to arrive')
}

/** A raw awareness message setting `state` for `clientId` with a clock ahead of anything sent so far. */
function awarenessMessage(documentName: string, clientId: number, state: State): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, 1)
  encoding.writeVarUint(update, clientId)
  encoding.writeVarUint(update, 1_000_000)
  encoding.writeVarString(update, JSON.stringify(state))
  const message = encoding.createEncoder()
  encoding.writeVarString(message, documentName)
  encoding.writeVarUint(message, 1)
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update))
  return encoding.toUint8Array(message)
}

async function publicPageWithMembers() {
  const ann = await signUpUser(server!.url, 'ann')
  const bob = await signUpUser(server!.url, 'bob')
  const vera = await signUpUser(server!.url, 'vera')
  const place = await createSpaceWithPage(server!.url, ann.token, { visibility: 'public' })
  for (const [user, role] of [[bob, 'editor'], [vera, 'viewer']] as const) {
    const added = await api(server!.url, 'PUT', `/api/spaces/${place.spaceId}/members/${user.username}`, { token: ann.token, body: { role } })
    expect(added.status).toBe(200)
  }
  return { ann, bob, vera, ...place }
}

describe('presence is stamped by the server', { timeout: 120_000 }, () => {
  it('an editor who claims another member\'s name, id and colour is shown to the others as who they are, the rest of the state kept', async () => {
    const { ann, bob, pageId } = await publicPageWithMembers()
    const a = await open(pageId, ann.token)
    const b = await open(pageId, bob.token)
    b.provider.setAwarenessField('user', { name: ann.username, id: ann.id, color: '#000000' })
    b.provider.setAwarenessField('cursor', { anchor: 1, head: 4 })
    const seen = await seenBy(a, b, (s) => s.cursor !== undefined)
    expect(seen.user).toEqual({ id: bob.id, name: bob.username, color: colorFor(bob.id) })
    expect(seen.cursor).toEqual({ anchor: 1, head: 4 })
    // Only the two people on the page are present: no phantom state of the server's own decoding.
    const present = [...a.provider.awareness!.getStates().keys()].sort()
    expect(present).toEqual([a.provider.awareness!.clientID, b.provider.awareness!.clientID].sort())
  })

  it('a viewer and an anonymous reader cannot pass as a member either: the viewer shows as itself, the reader as "Reader" with no id', async () => {
    const { ann, vera, pageId } = await publicPageWithMembers()
    const a = await open(pageId, ann.token)
    const v = await open(pageId, vera.token)
    const r = await open(pageId)
    for (const impostor of [v, r]) {
      impostor.provider.setAwarenessField('user', { name: ann.username, id: ann.id, color: colorFor(ann.id) })
      impostor.provider.setAwarenessField('ready', true)
    }
    expect((await seenBy(a, v, (s) => s.ready)).user).toEqual({ id: vera.id, name: vera.username, color: colorFor(vera.id) })
    const reader = (await seenBy(a, r, (s) => s.ready)).user
    expect(reader).toEqual({ name: 'Reader', color: colorFor(`reader:${r.provider.awareness!.clientID}`) })
  })

  it('an awareness message over MAX_AWARENESS_BYTES closes its connection with message-too-large and reaches nobody', async () => {
    const { ann, bob, pageId } = await publicPageWithMembers()
    const a = await open(pageId, ann.token)
    const b = await open(pageId, bob.token)
    b.provider.setAwarenessField('ready', true)
    await seenBy(a, b, (s) => s.ready)
    b.provider.setAwarenessField('padding', 'x'.repeat(3000))
    await waitFor(() => b.closes.some((c) => c.reason === CloseCodes.messageTooLarge.reason), 'the connection to be closed')
    expect(stateOf(a, b)?.padding).toBeUndefined()
  })

  it('a connection cannot set the presence state of another connection\'s client id', async () => {
    const { ann, bob, vera, pageId } = await publicPageWithMembers()
    const a = await open(pageId, ann.token)
    const b = await open(pageId, bob.token)
    const watcher = await open(pageId, vera.token)
    a.provider.setAwarenessField('cursor', { anchor: 2, head: 2 })
    await seenBy(watcher, a, (s) => s.cursor !== undefined)

    // Bob writes a state for Ann's client id, with a clock far ahead; then a state of his own.
    b.socket.send(awarenessMessage(pageId, a.provider.awareness!.clientID, { user: { name: ann.username, id: ann.id }, cursor: { anchor: 9, head: 9 }, hijacked: true }))
    b.provider.setAwarenessField('after', true)
    // A connection's messages are handled in order: Bob's own state arriving means the forged one was handled.
    await seenBy(watcher, b, (s) => s.after)
    const annAsSeen = stateOf(watcher, a)!
    expect(annAsSeen.hijacked).toBeUndefined()
    expect(annAsSeen.cursor).toEqual({ anchor: 2, head: 2 })
    expect(annAsSeen.user).toEqual({ id: ann.id, name: ann.username, color: colorFor(ann.id) })
  })

  it('a connection whose first awareness message is for another connection\'s client id does not take it over', async () => {
    const { ann, bob, vera, pageId } = await publicPageWithMembers()
    const a = await open(pageId, ann.token)
    const watcher = await open(pageId, vera.token)
    a.provider.setAwarenessField('cursor', { anchor: 3, head: 3 })
    await seenBy(watcher, a, (s) => s.cursor !== undefined)

    // A provider without awareness sends none of its own: the forged state is its connection's first.
    const b = await connectProvider(server!.wsUrl, pageId, { token: bob.token, withoutAwareness: true })
    providers.push(b)
    b.socket.send(awarenessMessage(pageId, a.provider.awareness!.clientID, { cursor: { anchor: 7, head: 7 }, hijacked: true }))
    const bobsId = 424242
    b.socket.send(awarenessMessage(pageId, bobsId, { after: true }))
    const bobAsSeen = await waitFor(() => watcher.provider.awareness!.getStates().get(bobsId), 'Bob\'s own state to arrive')
    expect(bobAsSeen.user).toEqual({ id: bob.id, name: bob.username, color: colorFor(bob.id) })
    expect(stateOf(watcher, a)!.hijacked).toBeUndefined()
    expect(stateOf(watcher, a)!.cursor).toEqual({ anchor: 3, head: 3 })
  })
})
