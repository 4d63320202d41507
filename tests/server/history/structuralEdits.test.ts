import { joinBackward, lift, setBlockType, splitBlock, toggleMark, wrapIn } from '@tiptap/pm/commands'
import { liftListItem, sinkListItem, wrapInList } from '@tiptap/pm/schema-list'
import { TextSelection } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import type { ApiAnnotatedNode, ApiBlame, ApiDiff } from '../../../shared/historyTypes.ts'
import { api, createPageForTwo } from '../../support/api.ts'
import { BindingEditor } from '../../support/BindingEditor.ts'
import { appendParagraph, docText } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { seededRandom } from '../../support/seededRandom.ts'
import { startHistoryServer, textRuns, waitForRevisions } from './historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

const PARAGRAPHS = [
  'The workers of the locomotive works stopped the assembly line.',
  'Prices of meat and butter had risen by a third overnight.',
  'Troops arrived in the city on the second day.',
]
const schema = documentSchema()

/** The words of a text, sorted: the same words wherever the blocks went. */
function words(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).sort()
}

/** Text of each author in blame, joined: what the test compares. */
function wordsBy(blame: ApiBlame): Map<string | null | undefined, string> {
  const by = new Map<string | null | undefined, string>()
  for (const run of textRuns(blame.content)) by.set(run.author, (by.get(run.author) ?? '') + run.text)
  return by
}

/** A structural edit by the second user, through the binding. */
type Edit = (editor: BindingEditor, settle: () => Promise<void>) => void | Promise<void>

const moveBlock = (editor: BindingEditor, text: string, toEnd: boolean) => {
  const { from, to } = editor.blockAround(text)
  const slice = editor.state.doc.slice(from, to)
  const tr = editor.state.tr.delete(from, to)
  tr.insert(toEnd ? tr.doc.content.size : 0, slice.content)
  editor.apply(tr)
}

const EDITS: Record<string, Edit> = {
  'split a paragraph (Enter mid-paragraph)': (e) => { e.select('assembly'); e.run(splitBlock) },
  'join two paragraphs (Backspace at the start of one)': (e) => { e.select('Prices'); e.run(joinBackward) },
  'turn a paragraph into a heading': (e) => { e.select('Prices', 2); e.run(setBlockType(schema.nodes.heading, { level: 2 })) },
  'turn a paragraph into code': (e) => { e.select('Troops', 2); e.run(setBlockType(schema.nodes.codeBlock)) },
  'wrap paragraphs in a bullet list': (e) => {
    e.apply(e.state.tr.setSelection(TextSelection.create(e.state.doc, e.find('workers'), e.find('butter'))))
    e.run(wrapInList(schema.nodes.bulletList))
  },
  'wrap a paragraph in a quote, then unwrap it': (e) => { e.select('Prices'); e.run(wrapIn(schema.nodes.blockquote)); e.select('Prices'); e.run(lift) },
  'indent a list item, then outdent it': (e) => {
    e.apply(e.state.tr.setSelection(TextSelection.create(e.state.doc, e.find('workers'), e.find('Troops'))))
    e.run(wrapInList(schema.nodes.orderedList))
    e.select('Prices'); e.run(sinkListItem(schema.nodes.listItem))
    e.select('Troops'); e.run(sinkListItem(schema.nodes.listItem))
    e.select('Prices'); e.run(liftListItem(schema.nodes.listItem))
  },
  'drag a paragraph to the end': (e) => moveBlock(e, 'workers', true),
  'cut a paragraph and paste it at the top': async (e, settle) => {
    const { from, to } = e.blockAround('Troops')
    const slice = e.state.doc.slice(from, to)
    e.apply(e.state.tr.delete(from, to))
    await settle()
    e.apply(e.state.tr.insert(0, slice.content))
  },
}

/** Anna writes the paragraphs (revision 1); Boris makes `edit` (revision 2). */
async function restructure(edit: Edit, options: { undo?: number; heading?: string } = {}) {
  const server = perTest.running() ?? await perTest.start()
  const { ann, bob, pageId } = await createPageForTwo(server.url)
  const a = await perTest.connect(pageId, { token: ann.token })
  if (options.heading) {
    const heading = new Y.XmlElement('heading')
    heading.setAttribute('level', 2 as unknown as string)
    heading.insert(0, [new Y.XmlText(options.heading)])
    a.doc.getXmlFragment('default').insert(0, [heading])
  }
  for (const text of PARAGRAPHS) appendParagraph(a.doc, text)
  await a.settled()
  a.destroy()
  const [first] = await waitForRevisions(server.url, pageId, 1, ann.token)

  const b = await perTest.connect(pageId, { token: bob.token })
  const editor = new BindingEditor(b.doc)
  await edit(editor, () => b.settled())
  await b.settled()
  for (let step = 0; step < (options.undo ?? 0); step++) {
    editor.undo()
    await b.settled()
  }
  const text = docText(b.doc)
  b.destroy()
  const [second] = await waitForRevisions(server.url, pageId, 2, ann.token)
  const blame = await api<ApiBlame>(server.url, 'GET', `/api/pages/${pageId}/blame`, { token: bob.token })
  const diff = await api<ApiDiff>(server.url, 'GET', `/api/pages/${pageId}/diff?from=${first.id}&to=${second.id}`, { token: bob.token })
  expect(blame.status).toBe(200)
  expect(diff.status).toBe(200)
  return { ann, bob, pageId, first, second, blame: blame.body, diff: diff.body, text }
}

describe('authorship through structural edits', { timeout: 120_000 }, () => {
  for (const [name, edit] of Object.entries(EDITS)) {
    for (const undo of [false, true]) {
      it(`keeps every word with its author when another user ${undo ? 'undoes: ' : ''}${name}`, async () => {
        // A cut and its paste are two steps to undo.
        const { ann, bob, second, blame, diff, text } = await restructure(edit, { undo: undo ? (name.startsWith('cut') ? 2 : 1) : 0 })
        // Nothing was typed: all the text is Anna's, wherever it now stands.
        expect(words(text)).toEqual(words(PARAGRAPHS.join(' ')))
        expect([...wordsBy(blame).keys()]).toEqual([ann.id])
        expect(words(textRuns(blame.content).map((r) => r.text).join(' '))).toEqual(words(PARAGRAPHS.join(' ')))
        // No word added or removed, by anyone.
        expect(textRuns(diff.content).filter((r) => r.status !== 'same')).toEqual([])
        expect(diff.stats).toMatchObject({ charsAdded: 0, charsRemoved: 0, wordsAdded: 0, wordsRemoved: 0 })
        expect(second).toMatchObject({ charsAdded: 0, charsRemoved: 0, wordsAdded: 0, wordsRemoved: 0 })
        expect(second.authors.map((u) => u.id)).toEqual([bob.id])
        if (!undo) {
          // The structure changed, and by Boris.
          expect(second.blocksChanged).toBeGreaterThan(0)
          const restructured = (nodes: ApiAnnotatedNode[]): ApiAnnotatedNode[] => nodes.flatMap((n) => [...(n.restructured ? [n] : []), ...restructured(n.content ?? [])])
          const changed = restructured(diff.content)
          expect(changed.length).toBeGreaterThan(0)
          for (const node of changed) expect(node.author).toBe(bob.id)
        }
      })
    }
  }

  it('keeps authorship through a seeded sequence of structural edits and undos', async () => {
    const random = seededRandom(2406)
    const names = Object.keys(EDITS).filter((n) => !n.startsWith('cut') && !n.startsWith('indent') && !n.startsWith('wrap paragraphs'))
    const { ann, blame, diff } = await restructure(async (editor) => {
      for (let step = 0; step < 10; step++) {
        const name = names[Math.floor(random() * names.length)]
        try {
          await EDITS[name](editor, async () => {})
        } catch {
          continue // a command that does not apply to the current structure (no paragraph to join…)
        }
        if (random() < 0.3) editor.undo()
      }
    })
    expect([...wordsBy(blame).keys()]).toEqual([ann.id])
    expect(textRuns(diff.content).filter((r) => r.status !== 'same')).toEqual([])
  })

  it('shows formatting (bold, a wiki link) as changed by its author, without changing who wrote the words', async () => {
    const { ann, bob, second, blame, diff } = await restructure((e) => {
      e.select('locomotive', 0, 'locomotive'.length)
      e.run(toggleMark(schema.marks.bold))
      e.select('butter', 0, 'butter'.length)
      e.run(toggleMark(schema.marks.wikiLink, { target: 'Butter' }))
    })
    expect([...wordsBy(blame).keys()]).toEqual([ann.id])
    const runs = textRuns(diff.content)
    expect(runs.filter((r) => r.status !== 'same')).toEqual([])
    expect(runs.filter((r) => r.formattedBy !== undefined).map((r) => [r.text, r.formattedBy, r.author, r.marks?.map((m) => m.type)])).toEqual([
      ['locomotive', bob.id, ann.id, ['bold']],
      ['butter', bob.id, ann.id, ['wikiLink']],
    ])
    expect(second).toMatchObject({ charsAdded: 0, charsRemoved: 0, charsFormatted: 'locomotivebutter'.length, blocksChanged: 0 })
  })

  it('shows a heading’s new level as a structure change by whoever changed it, the heading’s words still its writer’s', async () => {
    const { ann, bob, second, blame, diff } = await restructure((e) => {
      e.select('Strike', 2)
      e.run(setBlockType(schema.nodes.heading, { level: 3 }))
    }, { heading: 'Strike at the works' })
    expect([...wordsBy(blame).keys()]).toEqual([ann.id])
    expect(textRuns(diff.content).filter((r) => r.status !== 'same')).toEqual([])
    const heading = diff.content.find((n) => n.type === 'heading')!
    expect(heading).toMatchObject({ status: 'same', restructured: true, author: bob.id, attrs: { level: 3 } })
    expect(second).toMatchObject({ charsAdded: 0, charsRemoved: 0, blocksChanged: 1 })
  })
})
