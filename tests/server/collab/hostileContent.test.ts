import * as decoding from 'lib0/decoding'
import { prosemirrorJSONToYXmlFragment, updateYFragment } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { loadPageDocument } from '../../../server/history/loadPageDocument.ts'
import { createPageForTwo, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import {
  clientIdFlood, deepNesting, topLevelText, unknownAttribute, unknownMark,
} from '../../support/hostileUpdates.ts'
import { appendParagraph, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startTestServer } from '../../support/startTestServer.ts'

const perTest = serverPerTest(startTestServer)

/** Ann owns a page with her text on it; Bob, an editor of it, is connected too. */
async function ownerAndAttacker() {
  const server = await perTest.start()
  const { ann, bob, pageId } = await createPageForTwo(server.url)
  const owner = await perTest.connect(pageId, { token: ann.token })
  appendParagraph(owner.doc, "the owner's text")
  await owner.settled()
  const attacker = await perTest.connect(pageId, { token: bob.token })
  return { ann, bob, pageId, owner, attacker }
}

/** The page as stored (state and log), read into a private copy. */
async function storedContent(pageId: string): Promise<string> {
  return (await loadPageDocument(perTest.server().palimpsest.services, pageId)).getXmlFragment('default').toJSON()
}

const refused = (p: TestProvider) => p.closes.some((c) => c.code === CloseCodes.malformedMessage.code || c.reason === CloseCodes.malformedMessage.reason)

/**
 * Runs an attack through the attacker's own provider and checks its outcome: the attacker is
 * cut off with 4400, nothing reached the log, the owner never saw it, and a newcomer loading
 * the page gets exactly the owner's text.
 */
async function expectRefused(attack: (attacker: TestProvider) => void) {
  const { ann, pageId, owner, attacker } = await ownerAndAttacker()
  attack(attacker)
  await waitFor(() => refused(attacker), 'the attacker to be closed with 4400')
  attacker.destroy()
  expect(await storedContent(pageId)).toBe("<paragraph>the owner's text</paragraph>")
  expect(owner.doc.getXmlFragment('default').toJSON()).toBe("<paragraph>the owner's text</paragraph>")
  const newcomer = await perTest.connect(pageId, { token: ann.token })
  expect(newcomer.doc.getXmlFragment('default').toJSON()).toBe("<paragraph>the owner's text</paragraph>")
  // The owner keeps editing undisturbed.
  appendParagraph(owner.doc, 'and more')
  await owner.settled()
  expect(owner.closes).toEqual([])
  await waitFor(() => docText(newcomer.doc) === "the owner's text\nand more", 'the newcomer to see the next edit')
}

/** Counts the server's "not applied" sync status answers (read-only connections get them for every update). */
function syncStatusRefusals(p: TestProvider): { count: number } {
  const seen = { count: 0 }
  p.provider.on('message', ({ message }: { message: { decoder: decoding.Decoder } }) => {
    const decoder = decoding.clone(message.decoder)
    decoding.readVarString(decoder)
    if (decoding.readVarUint(decoder) === 8 && decoding.readVarInt(decoder) === 0) seen.count += 1
  })
  return seen
}

describe('updates the page schema cannot read', () => {
  it('(a) text put directly at the top level of the page is refused with 4400', async () => {
    await expectRefused((attacker) => topLevelText(attacker.doc))
  })

  it('(b) a character formatted with an unknown mark is refused with 4400', async () => {
    await expectRefused((attacker) => unknownMark(attacker.doc))
  })

  it('(c) thousands of nested blockquotes are refused with 4400', async () => {
    await expectRefused((attacker) => attacker.doc.transact(() => deepNesting(attacker.doc, 2000)))
  })

  it('an attribute the node does not have is refused with 4400', async () => {
    await expectRefused((attacker) => unknownAttribute(attacker.doc))
  })

  it('one update written under a hundred client ids is refused with 4400', async () => {
    await expectRefused((attacker) => Y.applyUpdate(attacker.doc, clientIdFlood(attacker.doc, 100)))
  })

  it('an anonymous reader or an outsider sending the same attacks to a public page changes nothing', async () => {
    const server = await perTest.start()
    const ann = await signUpUser(server.url, 'ann')
    const outsider = await signUpUser(server.url, 'outsider')
    const { pageId } = await createSpaceWithPage(server.url, ann.token, { visibility: 'public' })
    const owner = await perTest.connect(pageId, { token: ann.token })
    appendParagraph(owner.doc, "the owner's text")
    await owner.settled()
    for (const token of ['anonymous', outsider.token]) {
      const reader = await perTest.connect(pageId, { token })
      const refusals = syncStatusRefusals(reader)
      reader.doc.transact(() => { unknownMark(reader.doc); unknownAttribute(reader.doc); topLevelText(reader.doc) })
      await waitFor(() => refusals.count > 0, 'the server to refuse the read-only connection’s update')
    }
    const newcomer = await perTest.connect(pageId, { token: ann.token })
    expect(newcomer.doc.getXmlFragment('default').toJSON()).toBe("<paragraph>the owner's text</paragraph>")
    expect(await storedContent(pageId)).toBe("<paragraph>the owner's text</paragraph>")
    expect(owner.closes).toEqual([])
  })

  it('everything the editor itself writes is accepted: nodes, attributes and marks of the whole schema, edited in place', async () => {
    const { ann, pageId, attacker: editor } = await ownerAndAttacker()
    const schema = documentSchema()
    const rich = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
        { type: 'paragraph', content: [
          { type: 'text', text: 'bold', marks: [{ type: 'bold' }, { type: 'italic' }] },
          { type: 'hardBreak' },
          { type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] },
          { type: 'text', text: ' and ' },
          { type: 'text', text: 'Other page', marks: [{ type: 'wikiLink', attrs: { target: 'Other page' } }] },
          { type: 'text', text: ' x', marks: [{ type: 'code' }, { type: 'strike' }, { type: 'underline' }] },
        ] },
        { type: 'blockquote', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'item' }] },
          { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'nested' }] }] }] },
        ] }] }] },
        { type: 'codeBlock', attrs: { language: 'typescript' }, content: [{ type: 'text', text: 'const x = 1' }] },
        { type: 'horizontalRule' },
      ],
    }
    const scratch = new Y.Doc()
    prosemirrorJSONToYXmlFragment(schema, rich, scratch.getXmlFragment('default'))
    Y.applyUpdate(editor.doc, Y.encodeStateAsUpdate(scratch))
    await editor.settled()
    // An edit the way the editor binding writes one: diff the new editor state into the fragment.
    const changed = structuredClone(rich)
    changed.content[0] = { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Retitled' }] }
    ;(changed.content[1].content as unknown[]).push({ type: 'text', text: ' end', marks: [{ type: 'bold' }] })
    editor.doc.transact(() => updateYFragment(editor.doc, editor.doc.getXmlFragment('default'), schema.nodeFromJSON(changed), { mapping: new Map(), isOMark: new Map() }))
    await editor.settled()
    expect(editor.closes).toEqual([])
    const reader = await perTest.connect(pageId, { token: ann.token })
    expect(reader.doc.getXmlFragment('default').toJSON()).toBe(editor.doc.getXmlFragment('default').toJSON())
    expect(reader.doc.getXmlFragment('default').toJSON()).toContain('Retitled')
  })
})
