import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, waitFor } from '../../support/providers.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { clusterPerTest } from './clusterPerTest.ts'
import type { Cluster } from './startCluster.ts'
import { seededRandom } from '../../support/seededRandom.ts'

const redis = await scaleOutRedis()

/** One random edit: insert or delete a few characters in a random paragraph, or add a paragraph. */
function randomEdit(doc: Y.Doc, rand: () => number): void {
  const fragment = doc.getXmlFragment('default')
  doc.transact(() => {
    if (fragment.length === 0 || rand() < 0.1) fragment.insert(fragment.length, [new Y.XmlElement('paragraph')])
    const paragraph = fragment.get(Math.floor(rand() * fragment.length)) as Y.XmlElement
    if (paragraph.length === 0) paragraph.insert(0, [new Y.XmlText()])
    const text = paragraph.get(0) as Y.XmlText
    if (text.length > 0 && rand() < 0.3) {
      const at = Math.floor(rand() * text.length)
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(rand() * 3)))
    } else {
      const at = Math.floor(rand() * (text.length + 1))
      text.insert(at, 'abcdefghij'.slice(0, 1 + Math.floor(rand() * 4)), rand() < 0.2 ? { bold: true } : {})
    }
  })
}

const content = (doc: Y.Doc) => doc.getXmlFragment('default').toString()
const paragraphs = (doc: Y.Doc) => doc.getXmlFragment('default').toArray().map((node) => (node as Y.XmlElement).toArray().map((t) => (t as Y.XmlText).toString()).join(''))
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The page as Postgres holds it: stored state plus the log rows not yet compacted. */
async function storedDoc(cluster: Cluster, pageId: string): Promise<{ doc: Y.Doc }> {
  const db = await cluster.openDatabase()
  try {
    const stored = await readStoredDocument(db, pageId)
    const doc = new Y.Doc({ gc: false })
    if (stored.state) Y.applyUpdate(doc, stored.state)
    for (const row of stored.updates) Y.applyUpdate(doc, row.update)
    return { doc }
  } finally {
    await db.close()
  }
}

/** Signs up an owner and editors on different instances and gives the editors the page's space. */
async function spaceWithEditors(cluster: Cluster, editors: number) {
  const [first, second] = cluster.instances
  const owner = await signUpUser(first.url, 'owner')
  const { spaceId, pageId } = await createSpaceWithPage(first.url, owner.token)
  const users = [owner]
  for (let i = 0; i < editors; i++) {
    const user = await signUpUser(cluster.instances[i % cluster.instances.length].url, 'editor')
    const put = await api(second.url, 'PUT', `/api/spaces/${spaceId}/members/${user.username}`, { token: owner.token, body: { role: 'editor' } })
    expect(put.status).toBe(200)
    users.push(user)
  }
  return { spaceId, pageId, users }
}

const perTest = clusterPerTest(redis)
const { providers } = perTest

describe.skipIf(!redis)('three instances over one Postgres, joined through Redis', () => {
  it('clients spread over three instances edit one page concurrently, converge, and the stored state equals theirs', async () => {
    const cluster = await perTest.start(3)
    const { pageId, users } = await spaceWithEditors(cluster, 2)
    // Six clients, two on each instance, connected directly.
    for (let k = 0; k < 6; k++) {
      providers.push(await connectProvider(cluster.instances[k % 3].wsUrl, pageId, { token: users[k % 3].token }))
    }
    const rand = seededRandom(9)
    for (let round = 0; round < 150; round++) {
      randomEdit(providers[Math.floor(rand() * providers.length)].doc, rand)
      if (rand() < 0.3) await pause(Math.floor(rand() * 15))
    }
    for (const p of providers) await p.settled(20_000)
    await waitFor(() => providers.every((p) => content(p.doc) === content(providers[0].doc)), 'all six replicas to converge', 20_000)
    const expected = providers[0].doc
    expect(content(expected).length).toBeGreaterThan(100)

    // A clean stop stores every document; what Postgres holds is what the clients hold.
    for (const instance of cluster.instances) expect(await instance.kill('SIGTERM')).toBe(0)
    const stored = await storedDoc(cluster, pageId)
    expect(content(stored.doc)).toBe(content(expected))
    expect(Y.equalSnapshots(Y.snapshot(stored.doc), Y.snapshot(expected))).toBe(true)
  }, 120_000)

  it('when one instance is SIGKILLed mid-edit, its clients move to another, every acknowledged edit survives and nothing is duplicated', async () => {
    const cluster = await perTest.start(3)
    const { pageId, users } = await spaceWithEditors(cluster, 2)
    // Six clients through the round-robin proxy: connections 0..5 land on instances 0,1,2,0,1,2.
    for (let k = 0; k < 6; k++) providers.push(await connectProvider(cluster.proxy.wsUrl, pageId, { token: users[k % 3].token }))
    expect(cluster.proxy.connectionsPerBackend).toEqual([2, 2, 2])

    // Each client appends numbered paragraphs, one update message each; the server acknowledges
    // a connection's updates in order, so `acked[k]` lines of client k are acknowledged.
    const made = providers.map(() => [] as string[])
    const acked = providers.map(() => 0)
    providers.forEach((p, k) => {
      let previous = p.provider.unsyncedChanges
      p.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        if (number < previous) acked[k] += previous - number
        previous = number
      })
    })
    const alive = new Set(providers.keys())
    const write = async (k: number, count: number) => {
      for (let i = 0; i < count && alive.has(k); i++) {
        const marker = `client ${k} line ${made[k].length}`
        made[k].push(marker)
        appendParagraph(providers[k].doc, marker)
        await pause(5 + ((k * 7 + i * 13) % 25))
      }
    }
    await Promise.all(providers.map((_, k) => write(k, 15)))
    for (const p of providers) await p.settled()

    // Kill instance 1 while everyone writes; client 1 (on it) closes its tab at the same moment.
    const writing = Promise.all(providers.map((_, k) => write(k, 25)))
    await pause(100)
    const killed = cluster.instances[1].kill('SIGKILL')
    alive.delete(1)
    const ackedByGone = acked[1]
    providers[1].destroy()
    expect(await killed).toBe('SIGKILL')
    await writing
    expect(ackedByGone).toBeGreaterThanOrEqual(15)

    const live = [...alive].map((k) => providers[k])
    for (const p of live) await p.settled(20_000)
    await waitFor(() => live.every((p) => content(p.doc) === content(live[0].doc)), 'the five live replicas to converge', 20_000)
    // Client 4 was on instance 1 too; it moved: the proxy handed new connections only to instances 0 and 2.
    expect(cluster.proxy.connectionsPerBackend[1]).toBe(2)
    expect(cluster.proxy.connectionsPerBackend[0] + cluster.proxy.connectionsPerBackend[2]).toBeGreaterThan(4)

    const expectations = (lines: string[]) => {
      const counts = new Map<string, number>()
      for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1)
      for (const k of alive) for (const marker of made[k]) expect(counts.get(marker), marker).toBe(1)
      for (const marker of made[1].slice(0, ackedByGone)) expect(counts.get(marker), marker).toBe(1)
      expect([...counts.values()].every((n) => n === 1)).toBe(true)
    }
    expectations(paragraphs(live[0].doc))

    // What Postgres holds after the survivors stop: the same page, every acknowledged line once.
    for (const k of [0, 2]) expect(await cluster.instances[k].kill('SIGTERM')).toBe(0)
    const stored = await storedDoc(cluster, pageId)
    expect(content(stored.doc)).toBe(content(live[0].doc))
    expectations(paragraphs(stored.doc))
  }, 120_000)
})
