import type { AnyExtension } from '@tiptap/core'
import { TableCell } from '@tiptap/extension-table/cell'
import { TableHeader } from '@tiptap/extension-table/header'
import { TableRow } from '@tiptap/extension-table/row'
import { countUpTo } from './attributeChecks.ts'
import { Table } from './Table.ts'

/** Bounds on a cell's spans and column widths, checked on every attribute a client writes. */
function spanChecks(parent: Record<string, object> | undefined) {
  return {
    ...parent,
    colspan: { ...parent?.colspan, validate: countUpTo(100) },
    rowspan: { ...parent?.rowspan, validate: countUpTo(1000) },
    colwidth: {
      ...parent?.colwidth,
      validate: (value: unknown) => {
        if (value !== null && !(Array.isArray(value) && value.length <= 100 && value.every((w) => Number.isInteger(w) && w >= 0 && w <= 10_000))) {
          throw new RangeError('not a list of column widths')
        }
      },
    },
  }
}

/**
 * Tables (TipTap's row and cell nodes, our schema-only `table`): a header row of `tableHeader`
 * cells, merged cells (colspan, rowspan) and column widths (colwidth, set by dragging a
 * column's edge). Editing them (prosemirror-tables) is the client's, loaded on demand.
 */
export function tableExtensions(): AnyExtension[] {
  return [
    Table,
    TableRow,
    TableHeader.extend({ addAttributes() { return spanChecks(this.parent?.()) } }),
    TableCell.extend({ addAttributes() { return spanChecks(this.parent?.()) } }),
  ]
}
