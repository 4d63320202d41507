import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import { NON_CANONICAL_NAME } from '../../../server/collab/AuthExtension.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startTestServer } from '../../support/startTestServer.ts'
import { CollabWire } from './CollabWire.ts'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

function heapUsed(): number {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed
}

/** `count` different spellings of a uuid, none of them the canonical (lower-case) one. */
function spellings(id: string, count: number): string[] {
  const letters = [...id].flatMap((ch, i) => (/[a-f]/u.test(ch) ? [i] : []))
  const out: string[] = []
  for (let mask = 1; out.length < count && mask < 2 ** letters.length; mask++) {
    const chars = [...id]
    letters.forEach((at, bit) => { if (mask & (1 << bit)) chars[at] = chars[at].toUpperCase() })
    out.push(chars.join(''))
  }
  return out
}

const perTest = serverPerTest(startTestServer)
const wires: CollabWire[] = []

// Runs before serverPerTest's (vitest runs after-hooks in reverse): the wires close before the server.
afterEach(() => {
  for (const w of wires.splice(0)) w.close()
})

describe('one document name per page', { timeout: 120_000 }, () => {
  it('300 spellings of a public page id from one anonymous socket load no second copy of the page', async () => {
    // Other limits out of the way: this is about document names alone.
    const server = await perTest.start({ env: { COLLAB_DOCUMENTS_PER_CONNECTION: '1000', COLLAB_MESSAGE_BURST: '10000' } })
    const owner = await signUpUser(server.url, 'owner')
    let place = await createSpaceWithPage(server.url, owner.token, { visibility: 'public' })
    // A page id with few letters has few spellings; 9 letters give 511.
    while ([...place.pageId].filter((ch) => /[a-f]/u.test(ch)).length < 9) {
      place = await createSpaceWithPage(server.url, owner.token, { visibility: 'public' })
    }
    const { hocuspocus } = server.palimpsest.collab

    const heapEmpty = heapUsed()
    const writer = await perTest.connect(place.pageId, { token: owner.token })
    for (let i = 0; i < 300; i++) appendParagraph(writer.doc, `Paragraph ${i}: ${'The strike committee met at the factory gates. '.repeat(8)}`)
    await writer.settled(60_000)
    // The cost of one copy of the page in memory, measured here rather than guessed.
    const heapOneCopy = heapUsed()
    const oneCopy = heapOneCopy - heapEmpty

    const wire = new CollabWire(server.wsUrl)
    wires.push(wire)
    expect(await wire.opened).toBe(true)
    const names = spellings(place.pageId, 300)
    expect(names).toHaveLength(300)
    // Tokens only, 50 at a time: Hocuspocus itself resets a socket with 100 documents waiting
    // to be authorized, or with 100 frames queued for documents that never were.
    for (let i = 0; i < names.length; i += 50) {
      for (const name of names.slice(i, i + 50)) wire.authenticate(name)
      await wire.answered(i + 50)
    }

    const growth = heapUsed() - heapOneCopy
    expect(hocuspocus.getDocumentsCount()).toBe(1)
    // One copy as measured holds the writer's own replica too, so 300 server copies cost about
    // 60 × oneCopy (seen: 174 MB with the check removed); allow 10 × plus noise.
    expect(growth).toBeLessThan(10 * oneCopy + 8 * 1024 * 1024)
    expect(wire.closed).toBeNull()
    expect(new Set(wire.answers.values())).toEqual(new Set([NON_CANONICAL_NAME]))

    // The canonical name still opens the page, for anyone who may read it.
    wire.authenticate(place.pageId)
    await wire.answered(301)
    expect(wire.answers.get(place.pageId)).toBe('authenticated')
    const reader = await perTest.connect(place.pageId)
    expect(docText(reader.doc)).toBe(docText(writer.doc))
    expect(hocuspocus.getDocumentsCount()).toBe(1)
  })

  it('an upper-case page id is refused even to the page\'s editor, who opens it under its canonical name', async () => {
    const server = await perTest.start()
    const owner = await signUpUser(server.url, 'owner')
    const { pageId } = await createSpaceWithPage(server.url, owner.token)
    const shouting = await perTest.connect(pageId.toUpperCase(), { token: owner.token })
    expect(shouting.authFailures).toEqual([NON_CANONICAL_NAME])
    const editor = await perTest.connect(pageId, { token: owner.token })
    appendParagraph(editor.doc, 'written under the one name')
    await editor.settled()
    expect(server.palimpsest.collab.hocuspocus.getDocumentsCount()).toBe(1)
  })
})
