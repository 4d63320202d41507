import type { MarkdownSerializer } from 'prosemirror-markdown'
import type { FootnoteNumbers } from './citationFootnotes.ts'

/** The serializer options one export passes to the node serializers of markdownTable.ts. */
export interface MarkdownOptions {
  tightLists: true
  /** The serializer itself, for a node that writes its children apart (a table's cells). */
  serializer: MarkdownSerializer
  footnotes: FootnoteNumbers
  sourceText: (sourceId: string) => string | undefined
  /** The site's origin, put before attachment paths (`/api/attachments/…`) so a file's links lead back to the wiki. */
  origin: string
  /** Where an attachment URL points in a zip that carries the file (a relative path), if it does. */
  attachmentPath: (src: string) => string | undefined
}
