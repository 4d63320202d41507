import { EditorState, TextSelection, type Command, type Transaction } from '@tiptap/pm/state'
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { CONTENT_FIELD, documentSchema } from '../../shared/editor/documentSchema.ts'

/**
 * A headless editor over a Yjs document, writing through the same binding code the browser
 * runs: every ProseMirror transaction is turned into Yjs changes by y-tiptap's updateYFragment
 * with a persistent node mapping, in one Yjs transaction, and undo is a Y.UndoManager that
 * tracks only this editor's changes (as the Collaboration extension sets it up). No DOM needed.
 */
export class BindingEditor {
  readonly doc: Y.Doc
  state!: EditorState
  private readonly fragment: Y.XmlFragment
  private readonly origin = { binding: true }
  private readonly undoManager: Y.UndoManager
  private meta!: ReturnType<typeof initProseMirrorDoc>['meta']

  constructor(doc: Y.Doc) {
    this.doc = doc
    this.fragment = doc.getXmlFragment(CONTENT_FIELD)
    this.undoManager = new Y.UndoManager(this.fragment, { trackedOrigins: new Set([this.origin]), captureTimeout: 0 })
    this.reload()
  }

  /** Reads the Yjs document again (after remote changes or an undo). */
  reload(): void {
    const { doc, meta } = initProseMirrorDoc(this.fragment, documentSchema())
    this.meta = meta
    this.state = EditorState.create({ schema: documentSchema(), doc })
  }

  /** Applies a transaction and writes it to the Yjs document as the binding does. */
  apply(tr: Transaction): void {
    this.state = this.state.apply(tr)
    this.doc.transact(() => updateYFragment(this.doc, this.fragment, this.state.doc, this.meta), this.origin)
    this.undoManager.stopCapturing()
  }

  /** Runs a ProseMirror command (splitBlock, setBlockType(...), wrapIn(...)…); fails if it does not apply. */
  run(command: Command): void {
    const applied = command(this.state, (tr) => this.apply(tr))
    if (!applied) throw new Error('the command did not apply')
  }

  /** Puts the cursor (or a selection of `length` characters) at `offset` within the first occurrence of `text`. */
  select(text: string, offset = 0, length = 0): void {
    const at = this.find(text) + offset
    this.apply(this.state.tr.setSelection(TextSelection.create(this.state.doc, at, at + length)))
  }

  /** Document position of the first occurrence of `text` (within one text node). */
  find(text: string): number {
    let found = -1
    this.state.doc.descendants((node, pos) => {
      if (found >= 0) return false
      const index = node.isText ? node.text!.indexOf(text) : -1
      if (index >= 0) found = pos + index
      return true
    })
    if (found < 0) throw new Error(`"${text}" is not in the document`)
    return found
  }

  /** The start and end positions of the top-level block holding `text`. */
  blockAround(text: string): { from: number; to: number } {
    const $pos = this.state.doc.resolve(this.find(text))
    return { from: $pos.before(1), to: $pos.after(1) }
  }

  undo(): void {
    this.undoManager.undo()
    this.reload()
  }
}
