// `node tests/bench/carriedTextCost.ts [--quick]`: what keeping authorship through structural
// edits costs on the edit path. A page of N paragraphs is edited through the y-tiptap binding
// (tests/support/BindingEditor); each update is handed to a server-side replica the way
// CarriedTextExtension sees it (before it is applied) and timed: the early exit of typing, and
// the deletion scan plus text matching of splits, joins, headings, lists, drags and pastes, and
// the search of the page's visible text for a paste that copies some of it. The
// cost of applying the same update (Y.applyUpdate, which every update pays anyway) is beside it.
// Prints a Markdown table.
import { joinBackward, setBlockType, splitBlock } from '@tiptap/pm/commands'
import { liftListItem, wrapInList } from '@tiptap/pm/schema-list'
import { TextSelection } from '@tiptap/pm/state'
import * as Y from 'yjs'
import { describeUpdate } from '../../server/documents/syncMessage.ts'
import { newDeletions, type DeletionRanges } from '../../server/history/deletionRanges.ts'
import { findCarriedText } from '../../server/history/findCarriedText.ts'
import { documentSchema } from '../../shared/editor/documentSchema.ts'
import { BindingEditor } from '../support/BindingEditor.ts'
import { seededRandom } from '../support/seededRandom.ts'

const quick = process.argv.includes('--quick')
const schema = documentSchema()
const random = seededRandom(24)
const WORDS = 'the workers of the locomotive works stopped the assembly line and marched to the city centre where troops waited prices had risen by a third'.split(' ')

function sentence(words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ') + '.'
}

interface Sample {
  match: number[]
  apply: number[]
}


function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
}

function measure(paragraphs: number, repetitions: number): Map<string, Sample> {
  const client = new Y.Doc({ gc: false })
  const server = new Y.Doc({ gc: false })
  const pending: Uint8Array[] = []
  client.on('update', (update: Uint8Array) => pending.push(update))
  const editor = new BindingEditor(client)
  // The page: paragraphs of 60–80 words (about 400 characters each).
  const content = Array.from({ length: paragraphs }, () => schema.nodes.paragraph.create(null, schema.text(sentence(60 + Math.floor(random() * 20)))))
  editor.apply(editor.state.tr.replaceWith(0, editor.state.doc.content.size, content))
  Y.applyUpdate(server, Y.mergeUpdates(pending.splice(0)))
  const samples = new Map<string, Sample>()
  // What one user deleted lately (a cut waiting for its paste), for the rows that have it.
  let recent: DeletionRanges | undefined

  /** Makes an edit, times the server's work on its update; returns the update's new deletions. */
  const run = (name: string, edit: () => void): DeletionRanges => {
    edit()
    const update = pending.length === 1 ? pending[0] : Y.mergeUpdates(pending)
    pending.length = 0
    const deleted = newDeletions(server, update)
    let sample = samples.get(name)
    if (!sample) samples.set(name, (sample = { match: [], apply: [] }))
    // Decoding is the message guard's, shared by every extension: not counted here.
    const carried = describeUpdate(update)
    const started = performance.now()
    findCarriedText(server, carried, recent)
    sample.match.push(performance.now() - started)
    const applying = performance.now()
    Y.applyUpdate(server, update)
    sample.apply.push(performance.now() - applying)
    return deleted
  }
  const somewhere = () => {
    // A top-level paragraph (earlier rounds turned some blocks into lists).
    const { doc } = editor.state
    const paragraphs: { pos: number; node: typeof doc }[] = []
    doc.forEach((node, pos) => { if (node.type === schema.nodes.paragraph) paragraphs.push({ pos, node }) })
    return paragraphs[Math.floor(random() * paragraphs.length)]
  }
  const caretIn = (offset: (size: number) => number) => {
    const { pos, node } = somewhere()
    const at = pos + 1 + Math.min(node.content.size, offset(node.content.size))
    editor.apply(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, at)))
  }

  for (let r = 0; r < repetitions; r++) {
    caretIn((size) => Math.floor(size / 2))
    run('typing a character', () => editor.apply(editor.state.tr.insertText('x')))
    run('split (Enter mid-paragraph)', () => editor.run(splitBlock))
    run('join (Backspace at a paragraph start)', () => editor.run(joinBackward))
    caretIn(() => 3)
    run('paragraph → heading', () => editor.run(setBlockType(schema.nodes.heading, { level: 2 })))
    run('heading → paragraph', () => editor.run(setBlockType(schema.nodes.paragraph)))
    run('wrap in a bullet list', () => editor.run(wrapInList(schema.nodes.bulletList)))
    run('lift out of the list', () => editor.run(liftListItem(schema.nodes.listItem)))
    const { pos, node } = somewhere()
    run('drag a paragraph to the top', () => {
      const tr = editor.state.tr.delete(pos, pos + node.nodeSize)
      editor.apply(tr.insert(0, node))
    })
    const cut = somewhere()
    recent = run('cut a paragraph', () => editor.apply(editor.state.tr.delete(cut.pos, cut.pos + cut.node.nodeSize)))
    caretIn(() => 0)
    run('typing with a cut pending', () => editor.apply(editor.state.tr.insertText('y')))
    run('paste the cut paragraph', () => editor.apply(editor.state.tr.insert(0, cut.node)))
    recent = undefined
    const source = somewhere().node.textContent
    const start = Math.floor(random() * (source.length - 80))
    run('paste a copy of a sentence on the page', () => editor.apply(editor.state.tr.insert(0, schema.nodes.paragraph.create(null, schema.text(source.slice(start, start + 80))))))
    const novel = Array.from({ length: 300 }, (_, n) => `novel${n}`).join(' ')
    run('paste 2 KB of text not on the page', () => editor.apply(editor.state.tr.insert(0, schema.nodes.paragraph.create(null, schema.text(novel)))))
  }
  return samples
}

const sizes = quick ? [20] : [20, 250]
const repetitions = quick ? 20 : 60
console.log(`Carried-text matching per update (${repetitions} of each, in process, ${new Date().toISOString().slice(0, 16)} UTC)\n`)
console.log('| page | update | matching p50 | matching p95 | applying the update p50 (for scale) |')
console.log('| --- | --- | ---: | ---: | ---: |')
const us = (ms: number) => `${(ms * 1000).toFixed(ms < 0.01 ? 1 : 0)} µs`
for (const paragraphs of sizes) {
  measure(paragraphs, 5) // warm-up
  for (const [name, sample] of measure(paragraphs, repetitions)) {
    console.log(`| ${paragraphs} paragraphs (~${Math.round(paragraphs * 0.45)} KB) | ${name} | ${us(percentile(sample.match, 0.5))} | ${us(percentile(sample.match, 0.95))} | ${us(percentile(sample.apply, 0.5))} |`)
  }
}
