import { callOrReturn, getExtensionField, mergeAttributes, Node } from '@tiptap/core'
import type { DOMOutputSpec, Node as ProseMirrorNode } from '@tiptap/pm/model'

/** A column's least width in pixels (TipTap's default). */
export const CELL_MIN_WIDTH = 25

/** The `<colgroup>` of a table from its first row's widths, and the table's own width or least width. */
function colGroup(node: ProseMirrorNode): { cols: DOMOutputSpec[], style: string } {
  const cols: DOMOutputSpec[] = []
  let total = 0
  let fixed = true
  node.firstChild?.forEach((cell) => {
    const { colspan, colwidth } = cell.attrs as { colspan: number, colwidth: number[] | null }
    for (let i = 0; i < colspan; i++) {
      const width = colwidth?.[i]
      total += width || CELL_MIN_WIDTH
      if (!width) fixed = false
      cols.push(['col', { style: width ? `width: ${Math.max(width, CELL_MIN_WIDTH)}px` : `min-width: ${CELL_MIN_WIDTH}px` }])
    }
  })
  return { cols, style: fixed ? `width: ${total}px` : `min-width: ${total}px` }
}

/**
 * The `table` node: the schema of TipTap's `Table` (rows of cells, `tableRole` for
 * prosemirror-tables) without its editing plugins, commands and node view, so a page renders
 * without loading prosemirror-tables. The editor adds those on demand (client `TableEditing`).
 */
export const Table = Node.create({
  name: 'table',
  content: 'tableRow+',
  tableRole: 'table',
  isolating: true,
  group: 'block',

  parseHTML() {
    return [{ tag: 'table' }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const { cols, style } = colGroup(node)
    return ['table', mergeAttributes(HTMLAttributes, { style }), ['colgroup', {}, ...cols], ['tbody', 0]]
  },

  // prosemirror-tables finds tables, rows and cells by the `tableRole` of their node spec.
  extendNodeSchema(extension) {
    const context = { name: extension.name, options: extension.options, storage: extension.storage }
    return { tableRole: callOrReturn(getExtensionField(extension, 'tableRole', context)) }
  },
})
