import { EditorState, TextSelection } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import { applyWikiLinkInput, WIKI_LINK_INPUT } from '../../client/editor/WikiLinkInputRule.ts'
import { documentSchema } from '../../shared/editor/documentSchema.ts'

const schema = documentSchema()

// Does what TipTap's input-rule plugin does when `typed` is typed at the end of a paragraph
// holding `before`: match the text before the caret plus the typed text, then run the rule.
function type(before: string, typed: string, marks: string[] = []) {
  const text = schema.text(before, marks.map((name) => schema.marks[name].create()))
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [text])])
  const end = 1 + before.length
  const state = EditorState.create({ doc, selection: TextSelection.create(doc, end) })
  const match = WIKI_LINK_INPUT.exec(before + typed)
  if (!match) return { applied: false, doc: state.doc }
  const tr = state.tr
  const range = { from: end - (match[0].length - typed.length), to: end }
  const applied = applyWikiLinkInput(tr, range, match, schema.marks.wikiLink)
  return { applied, doc: tr.doc }
}

function linksOf(doc: EditorState['doc']) {
  const links: { text: string, target: string, marks: string[] }[] = []
  doc.descendants((node) => {
    const mark = node.marks.find((m) => m.type.name === 'wikiLink')
    if (node.isText && mark) links.push({ text: node.text!, target: mark.attrs.target, marks: node.marks.map((m) => m.type.name) })
  })
  return links
}

describe('typing [[Title]]', () => {
  it('turns the bracketed title into a wikiLink mark whose target is the title', () => {
    const { applied, doc } = type('See [[Dear Comrades!]', ']')
    expect(applied).toBe(true)
    expect(doc.textContent).toBe('See Dear Comrades!')
    expect(linksOf(doc)).toEqual([{ text: 'Dear Comrades!', target: 'Dear Comrades!', marks: ['wikiLink'] }])
  })

  it('shows the text after a pipe while linking to the title before it', () => {
    const { doc } = type('the [[Novocherkassk massacre|events of June 1962]', ']')
    expect(doc.textContent).toBe('the events of June 1962')
    expect(linksOf(doc)[0].target).toBe('Novocherkassk massacre')
  })

  it('keeps a space prefix in the target and collapses whitespace', () => {
    const { doc } = type('[[other-space:Some   page]', ']')
    expect(linksOf(doc)[0]).toMatchObject({ target: 'other-space:Some page', text: 'other-space:Some page' })
  })

  it('keeps marks already on the text, such as bold', () => {
    const { doc } = type('[[Bold link]', ']', ['bold'])
    expect(linksOf(doc)[0].marks.sort()).toEqual(['bold', 'wikiLink'])
  })

  it('leaves brackets alone when the title is not acceptable', () => {
    expect(type('[[   ]', ']').applied).toBe(false)
    expect(type('[[a<b]', ']').applied).toBe(false)
    expect(type('[[x]', ')').applied).toBe(false)
  })
})
