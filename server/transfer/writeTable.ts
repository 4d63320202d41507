import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { TableMap } from '@tiptap/pm/tables'
import type { MarkdownSerializerState } from 'prosemirror-markdown'
import type { MarkdownOptions } from './MarkdownOptions.ts'
import { CELL_BREAK } from './tablePlugin.ts'

/**
 * Writes a table as a GFM table: its first row is the header row; each cell's text blocks are
 * written as inline Markdown joined by `<br>` (a list or heading in a cell keeps its text, not
 * its shape); a merged cell's content stands in its first row and column, the cells it covered
 * are empty. So no text is lost, though merges and header cells outside the first row are.
 */
export function writeTable(state: MarkdownSerializerState, node: ProseMirrorNode): void {
  const map = TableMap.get(node)
  const written = new Set<number>()
  const lines: string[] = []
  for (let row = 0; row < map.height; row += 1) {
    const cells: string[] = []
    for (let column = 0; column < map.width; column += 1) {
      const offset = map.map[row * map.width + column]
      const cell = written.has(offset) ? null : node.nodeAt(offset)
      written.add(offset)
      cells.push(cell ? cellMarkdown(state, cell) : '')
    }
    lines.push(`| ${cells.join(' | ')} |`)
    if (row === 0) lines.push(`|${' --- |'.repeat(map.width)}`)
  }
  lines.forEach((line, i) => {
    if (i > 0) state.ensureNewLine()
    state.write(line)
  })
  state.closeBlock(node)
}

/** A cell's text blocks as one line of inline Markdown, `|` escaped, blocks and hard breaks as `<br>`. */
function cellMarkdown(state: MarkdownSerializerState, cell: ProseMirrorNode): string {
  const { serializer } = state.options as MarkdownOptions
  const schema = cell.type.schema
  const parts: string[] = []
  cell.descendants((block) => {
    if (!block.isTextblock) return true
    const paragraph = schema.nodes.paragraph.create(null, block.content)
    parts.push(serializer.serialize(schema.topNodeType.create(null, paragraph), state.options))
    return false
  })
  return parts.map((part) => part.replace(/\\\n/gu, CELL_BREAK).replace(/\n/gu, ' ').replace(/\|/gu, '\\|')).join(CELL_BREAK)
}
