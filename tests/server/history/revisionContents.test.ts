import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import type { ApiRevisionContent } from '../../../shared/historyTypes.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import type { TestServer } from '../../support/startTestServer.ts'
import { revisionsOf, startHistoryServer, waitForRevisions } from './historyServer.ts'
import { seededRandom } from '../../support/seededRandom.ts'

const WORDS = ['strike', 'Novocherkassk', 'factory', 'workers', 'June', 'tanks', 'square', 'archive', 'Lyudmila', 'silence']

/** One random edit: a new paragraph, words typed into one, a passage deleted, a heading, or bold. */
function randomEdit(doc: Y.Doc, rand: () => number): void {
  const fragment = doc.getXmlFragment('default')
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]
  doc.transact(() => {
    const roll = rand()
    if (fragment.length === 0 || roll < 0.15) {
      const block = new Y.XmlElement(rand() < 0.2 ? 'heading' : 'paragraph')
      if (block.nodeName === 'heading') block.setAttribute('level', 2 as unknown as string)
      block.insert(0, [new Y.XmlText(`${pick(WORDS)} ${pick(WORDS)}`)])
      fragment.insert(Math.floor(rand() * (fragment.length + 1)), [block])
      return
    }
    const block = fragment.get(Math.floor(rand() * fragment.length)) as Y.XmlElement
    if (block.length === 0) block.insert(0, [new Y.XmlText()])
    const text = block.get(0) as Y.XmlText
    if (roll < 0.2 && fragment.length > 1) {
      fragment.delete(fragment.toArray().indexOf(block), 1)
    } else if (roll < 0.45 && text.length > 0) {
      const at = Math.floor(rand() * text.length)
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(rand() * 8)))
    } else if (roll < 0.55 && text.length > 0) {
      const at = Math.floor(rand() * text.length)
      text.format(at, Math.min(text.length - at, 1 + Math.floor(rand() * 6)), { bold: {} })
    } else {
      text.insert(Math.floor(rand() * (text.length + 1)), ` ${pick(WORDS)}`)
    }
  })
}

/** A replica's content as ProseMirror JSON in the shared schema. */
function contentOf(doc: Y.Doc): unknown {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), documentSchema()).toJSON()
}

let server: TestServer | undefined
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  await server?.close()
  server = undefined
})

describe('revision contents', { timeout: 120_000 }, () => {
  it.each([7, 8])('every revision rebuilds exactly the page as it was when it was cut, after seeded random edits by three users (seed %i)', async (seed) => {
    server = await startHistoryServer()
    const users = [await signUpUser(server.url, 'ann'), await signUpUser(server.url, 'ben'), await signUpUser(server.url, 'cat')]
    const { spaceId, pageId } = await createSpaceWithPage(server.url, users[0].token)
    for (const user of users.slice(1)) await grantRole(server.url, users[0].token, spaceId, user.username, 'editor')
    const rand = seededRandom(seed)
    const recorded: unknown[] = []

    for (let round = 0; round < 6; round++) {
      const replicas = await Promise.all(users.map((user) => connectProvider(server!.wsUrl, pageId, { token: user.token })))
      providers.push(...replicas)
      for (let edit = 0; edit < 25; edit++) {
        randomEdit(replicas[Math.floor(rand() * replicas.length)].doc, rand)
        if (rand() < 0.2) await new Promise((r) => setTimeout(r, Math.floor(rand() * 5)))
      }
      for (const replica of replicas) await replica.settled()
      // Settled means a replica's own edits are stored, not that it has heard everyone else's:
      // the replicas are compared with one another until they agree, not with one read earlier.
      let converged = ''
      await waitFor(() => {
        const states = replicas.map((r) => JSON.stringify(contentOf(r.doc)))
        converged = states[0]
        return states.every((state) => state === converged)
      }, 'the replicas to converge').catch((error: Error) => {
        const states = replicas.map((r, i) => `replica ${i} (synced ${r.provider.isSynced}, unsynced ${r.provider.unsyncedChanges}, closes ${JSON.stringify(r.closes)}): ${JSON.stringify(contentOf(r.doc))}`)
        throw new Error(`${error.message} in round ${round}\n${states.join('\n')}`)
      })
      recorded.push(JSON.parse(converged))
      if (round % 2 === 0) {
        // Round ends by hand: a named version, while everyone is still connected.
        const named = await api(server.url, 'POST', `/api/pages/${pageId}/revisions`, { token: users[1].token, body: { name: `Round ${round}` } })
        expect(named.status).toBe(201)
        for (const replica of replicas) replica.destroy()
      } else {
        // Round ends when the last editor leaves.
        for (const replica of replicas) replica.destroy()
        await waitForRevisions(server.url, pageId, round + 1, users[0].token)
      }
      providers.length = 0
    }

    const revisions = (await revisionsOf(server.url, pageId, users[0].token)).reverse()
    expect(revisions.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6])
    expect(revisions.map((r) => r.kind)).toEqual(['named', 'auto', 'named', 'auto', 'named', 'auto'])
    for (const [i, revision] of revisions.entries()) {
      const answer = await api<ApiRevisionContent>(server.url, 'GET', `/api/pages/${pageId}/revisions/${revision.id}`, { token: users[2].token })
      expect(answer.status).toBe(200)
      expect(answer.body.content).toEqual(recorded[i])
    }
    // The random edits exercised marks and element attributes, not just plain text.
    expect(JSON.stringify(recorded)).toContain('"bold"')
    expect(JSON.stringify(recorded)).toContain('"heading"')
    const everyone = new Set(revisions.flatMap((r) => r.authors.map((a) => a.username)))
    expect([...everyone].sort()).toEqual(users.map((u) => u.username).sort())
  })
})
