import type { AnyExtension } from '@tiptap/core'
import { TaskItem, TaskList } from '@tiptap/extension-list'
import { Citation } from './Citation.ts'
import { CitationNeeded } from './CitationNeeded.ts'
import { Callout } from './Callout.ts'
import { FileBlock } from './FileBlock.ts'
import { ImageBlock } from './ImageBlock.ts'
import { starterExtensions } from './starterExtensions.ts'
import { tableExtensions } from './tableExtensions.ts'
import { WikiLink } from './WikiLink.ts'

/**
 * The extensions that define a page's document schema. The client adds editor-only
 * extensions (collaboration, carets, menus) on top; the server uses these alone to turn a
 * Yjs document into ProseMirror JSON and text.
 */
export function documentExtensions(): AnyExtension[] {
  return [
    ...starterExtensions(),
    WikiLink,
    Citation,
    CitationNeeded,
    ImageBlock,
    FileBlock,
    Callout,
    TaskList,
    TaskItem.configure({ nested: true }),
    ...tableExtensions(),
  ]
}
