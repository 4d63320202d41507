import { findParentNodeClosestToPos } from '@tiptap/core'
import { TableView } from '@tiptap/extension-table'
import { TextSelection, type Command, type EditorState, type Plugin, type Transaction } from '@tiptap/pm/state'
import {
  addColumnAfter, addColumnBefore, addRowAfter, addRowBefore, CellSelection, columnResizing, deleteColumn,
  deleteRow, deleteTable, goToNextCell, isInTable, mergeCells, moveTableColumn, moveTableRow, selectedRect,
  splitCell, tableEditing, TableMap, toggleHeader,
} from '@tiptap/pm/tables'
import { CELL_MIN_WIDTH } from '../../shared/editor/Table.ts'

/**
 * What editing a table needs from prosemirror-tables, loaded on demand by `TableEditing` (so a
 * page view does not download it): the plugins (cell selection, fixing tables, dragging a
 * column's edge) and the table commands.
 */

/** The plugins, registered on the editor once this module has loaded. */
export function tableEditingPlugins(): Plugin[] {
  return [
    columnResizing({ handleWidth: 5, cellMinWidth: CELL_MIN_WIDTH, defaultCellMinWidth: CELL_MIN_WIDTH, View: TableView, lastColumnResizable: true }),
    tableEditing({ allowTableNodeSelection: true }),
  ]
}

// prosemirror-tables leaves the caret where a deleted row or column was, which can be below the table.
function keepCaretInTable(command: Command): Command {
  return (state, dispatch, view) => {
    const table = findParentNodeClosestToPos(state.selection.$from, (node) => node.type.name === 'table')
    return command(state, dispatch && ((tr: Transaction) => {
      if (table) {
        const at = tr.mapping.map(table.pos)
        const node = tr.doc.nodeAt(at)
        const still = findParentNodeClosestToPos(tr.selection.$from, (n) => n.type.name === 'table')
        if (node && still?.pos !== at) tr.setSelection(TextSelection.near(tr.doc.resolve(at + node.nodeSize - 1), -1))
      }
      dispatch(tr)
    }), view)
  }
}

/**
 * Moves the row (axis `row`) or column holding the selection one place up/left (-1) or
 * down/right (+1). The caret stays in its cell, at the same place in its text, so pressing the
 * key again keeps moving the same row; a selection of cells stays on the moved row or column.
 */
export function moveTableLine(axis: 'row' | 'column', step: -1 | 1): Command {
  return (state, dispatch) => {
    if (!isInTable(state)) return false
    const rect = selectedRect(state)
    const from = axis === 'row' ? (step < 0 ? rect.top : rect.bottom - 1) : (step < 0 ? rect.left : rect.right - 1)
    const to = from + step
    if (to < 0 || to >= (axis === 'row' ? rect.map.height : rect.map.width)) return false
    const cellSelection = state.selection instanceof CellSelection
    const move = axis === 'row' ? moveTableRow({ from, to, select: cellSelection }) : moveTableColumn({ from, to, select: cellSelection })
    if (cellSelection) return move(state, dispatch)
    // Where the caret is: its cell and its offset in that cell.
    const offset = state.selection.from - (rect.tableStart + rect.map.map[rect.top * rect.map.width + rect.left])
    return move(state, dispatch && ((tr: Transaction) => {
      const table = tr.doc.nodeAt(rect.tableStart - 1)
      if (table) {
        const map = TableMap.get(table)
        const row = axis === 'row' ? rect.top + step : rect.top
        const column = axis === 'column' ? rect.left + step : rect.left
        const cell = map.map[row * map.width + column]
        const node = table.nodeAt(cell)
        if (node) tr.setSelection(TextSelection.near(tr.doc.resolve(rect.tableStart + cell + Math.min(Math.max(offset, 1), node.nodeSize - 1))))
      }
      dispatch(tr)
    }))
  }
}

/** Deletes the table when every one of its cells is selected (Backspace, Delete). */
function deleteTableWhenAllSelected(state: EditorState, dispatch?: (tr: Transaction) => void): boolean {
  const { selection } = state
  if (!(selection instanceof CellSelection)) return false
  const table = findParentNodeClosestToPos(selection.ranges[0].$from, (node) => node.type.name === 'table')
  if (!table) return false
  const map = TableMap.get(table.node)
  if (new Set(map.map).size !== selection.ranges.length) return false
  return deleteTable(state, dispatch)
}

/** The table commands by name (ProseMirror commands), as TipTap's `Table` names them. */
export const tableCommands = {
  addColumnBefore: (): Command => addColumnBefore,
  addColumnAfter: (): Command => addColumnAfter,
  deleteColumn: (): Command => keepCaretInTable(deleteColumn),
  addRowBefore: (): Command => addRowBefore,
  addRowAfter: (): Command => addRowAfter,
  deleteRow: (): Command => keepCaretInTable(deleteRow),
  deleteTable: (): Command => deleteTable,
  mergeOrSplit: (): Command => (state, dispatch) => mergeCells(state, dispatch) || splitCell(state, dispatch),
  toggleHeaderRow: (): Command => toggleHeader('row'),
  goToNextCell: (): Command => goToNextCell(1),
  goToPreviousCell: (): Command => goToNextCell(-1),
  deleteTableWhenAllSelected: (): Command => deleteTableWhenAllSelected,
  moveRowUp: (): Command => moveTableLine('row', -1),
  moveRowDown: (): Command => moveTableLine('row', 1),
  moveColumnLeft: (): Command => moveTableLine('column', -1),
  moveColumnRight: (): Command => moveTableLine('column', 1),
}
export type TableCommandName = keyof typeof tableCommands
