import { Extension, type CommandProps } from '@tiptap/core'
import type { NodeType } from '@tiptap/pm/model'
import { TextSelection } from '@tiptap/pm/state'
import type { TableCommandName } from './tableEditingTools.ts'

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    tableEditing: {
      /** Moves the row holding the caret one place up (Alt-Shift-↑). */
      moveRowUp: () => ReturnType
      /** Moves the row holding the caret one place down (Alt-Shift-↓). */
      moveRowDown: () => ReturnType
      /** Moves the column holding the caret one place left (Alt-Shift-←). */
      moveColumnLeft: () => ReturnType
      /** Moves the column holding the caret one place right (Alt-Shift-→). */
      moveColumnRight: () => ReturnType
    }
  }
}

type Tools = typeof import('./tableEditingTools.ts')
let tools: Tools | null = null
let loading: Promise<Tools> | null = null

/** Loads prosemirror-tables and our table commands once, for every editor to come. */
export function loadTableEditing(): Promise<unknown> {
  loading ??= import('./tableEditingTools.ts').then((module) => (tools = module))
  return loading
}

/** Whether `loadTableEditing` has finished: editors created from now on can edit tables. */
export function tableEditingLoaded(): boolean {
  return tools !== null
}

/** Runs a table command once the tools have loaded; until then it cannot run. */
function tableCommand(name: TableCommandName) {
  return () => ({ state, dispatch, view }: CommandProps) => (tools ? tools.tableCommands[name]()(state, dispatch, view) : false)
}

/**
 * Editing tables: TipTap's table commands and keys (Tab to the next cell, adding a row at the
 * end; Backspace on all cells deletes the table), moving rows and columns (Alt-Shift-arrows),
 * cell selection and column resizing. The schema of tables is the shared document's; what
 * edits them (prosemirror-tables) is `loadTableEditing`'s, which the page loads before it creates
 * the editor of someone who may edit, so reading a page never downloads it. Its plugins are part
 * of an editor from its creation or never: plugins added to a live editor re-create every plugin
 * view, and the Yjs undo manager's redo does not survive that.
 */
export const TableEditing = Extension.create({
  name: 'tableEditing',

  addProseMirrorPlugins() {
    return tools ? tools.tableEditingPlugins() : []
  },

  addCommands() {
    return {
      insertTable: ({ rows = 3, cols = 3, withHeaderRow = true } = {}) => ({ tr, dispatch, editor }: CommandProps) => {
        const { table, tableRow, tableCell, tableHeader } = editor.schema.nodes
        const row = (type: NodeType) => tableRow.createChecked(null, Array.from({ length: cols }, () => type.createAndFill()!))
        const node = table.createChecked(null, Array.from({ length: rows }, (_, index) => row(withHeaderRow && index === 0 ? tableHeader : tableCell)))
        if (dispatch) {
          const offset = tr.selection.from + 1
          tr.replaceSelectionWith(node).scrollIntoView().setSelection(TextSelection.near(tr.doc.resolve(offset)))
        }
        return true
      },
      addColumnBefore: tableCommand('addColumnBefore'),
      addColumnAfter: tableCommand('addColumnAfter'),
      deleteColumn: tableCommand('deleteColumn'),
      addRowBefore: tableCommand('addRowBefore'),
      addRowAfter: tableCommand('addRowAfter'),
      deleteRow: tableCommand('deleteRow'),
      deleteTable: tableCommand('deleteTable'),
      mergeOrSplit: tableCommand('mergeOrSplit'),
      toggleHeaderRow: tableCommand('toggleHeaderRow'),
      goToNextCell: tableCommand('goToNextCell'),
      goToPreviousCell: tableCommand('goToPreviousCell'),
      moveRowUp: tableCommand('moveRowUp'),
      moveRowDown: tableCommand('moveRowDown'),
      moveColumnLeft: tableCommand('moveColumnLeft'),
      moveColumnRight: tableCommand('moveColumnRight'),
    }
  },

  addKeyboardShortcuts() {
    const deleteAll = () => this.editor.commands.command(tableCommand('deleteTableWhenAllSelected')())
    return {
      Tab: () => this.editor.commands.goToNextCell() || (this.editor.can().addRowAfter() && this.editor.chain().addRowAfter().goToNextCell().run()),
      'Shift-Tab': () => this.editor.commands.goToPreviousCell(),
      Backspace: deleteAll,
      'Mod-Backspace': deleteAll,
      Delete: deleteAll,
      'Mod-Delete': deleteAll,
      'Alt-Shift-ArrowUp': () => this.editor.commands.moveRowUp(),
      'Alt-Shift-ArrowDown': () => this.editor.commands.moveRowDown(),
      'Alt-Shift-ArrowLeft': () => this.editor.commands.moveColumnLeft(),
      'Alt-Shift-ArrowRight': () => this.editor.commands.moveColumnRight(),
    }
  },
})
