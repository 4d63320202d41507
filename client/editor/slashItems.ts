import type { Editor } from '@tiptap/core'

/** What the slash menu can do besides editor commands: ask for a file to upload. */
export interface SlashHelpers {
  pickFile: (kind: 'image' | 'file') => void
}

/** One entry of the slash menu. */
export interface SlashItem {
  id: string
  title: string
  /** Other words it is found by. */
  keywords: string
  run: (editor: Editor, helpers: SlashHelpers) => void
}

/** Everything `/` offers, in menu order. */
export const SLASH_ITEMS: SlashItem[] = [
  { id: 'h2', title: 'Heading', keywords: 'h2 title section', run: (e) => e.chain().focus().setHeading({ level: 2 }).run() },
  { id: 'h3', title: 'Subheading', keywords: 'h3 section', run: (e) => e.chain().focus().setHeading({ level: 3 }).run() },
  { id: 'bulletList', title: 'Bulleted list', keywords: 'ul unordered points', run: (e) => e.chain().focus().toggleBulletList().run() },
  { id: 'orderedList', title: 'Numbered list', keywords: 'ol ordered', run: (e) => e.chain().focus().toggleOrderedList().run() },
  { id: 'taskList', title: 'Task list', keywords: 'todo checklist checkbox questions', run: (e) => e.chain().focus().toggleTaskList().run() },
  { id: 'blockquote', title: 'Quote', keywords: 'blockquote citation', run: (e) => e.chain().focus().toggleBlockquote().run() },
  { id: 'table', title: 'Table', keywords: 'grid timeline rows columns', run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
  { id: 'image', title: 'Image', keywords: 'picture photo upload', run: (_e, h) => h.pickFile('image') },
  { id: 'file', title: 'File', keywords: 'attachment pdf upload document audio', run: (_e, h) => h.pickFile('file') },
  { id: 'calloutNote', title: 'Note', keywords: 'callout info box', run: (e) => e.chain().focus().toggleCallout('note').run() },
  { id: 'calloutWarning', title: 'Warning', keywords: 'callout caution box', run: (e) => e.chain().focus().toggleCallout('warning').run() },
  { id: 'calloutQuestion', title: 'Open question', keywords: 'callout question box', run: (e) => e.chain().focus().toggleCallout('question').run() },
  { id: 'codeBlock', title: 'Code block', keywords: 'code pre snippet', run: (e) => e.chain().focus().setCodeBlock().run() },
  { id: 'divider', title: 'Divider', keywords: 'horizontal rule hr line separator', run: (e) => e.chain().focus().setHorizontalRule().run() },
  { id: 'wikiLink', title: 'Link to a page', keywords: 'wiki link page [[', run: (e) => e.chain().focus().insertContent('[[').run() },
  { id: 'citation', title: 'Citation or note', keywords: 'cite source footnote reference [^', run: (e) => e.chain().focus().insertContent('[^').run() },
  { id: 'citationNeeded', title: 'Citation needed', keywords: 'cite source claim marker', run: (e) => e.chain().focus().insertContent({ type: 'citationNeeded' }).run() },
]

/** The items whose title or keywords contain every typed word, title matches first. */
export function filterSlashItems(query: string): SlashItem[] {
  const words = query.toLowerCase().split(/\s+/u).filter(Boolean)
  if (words.length === 0) return SLASH_ITEMS
  const matches = (text: string) => words.every((w) => text.toLowerCase().includes(w))
  const byTitle = SLASH_ITEMS.filter((item) => matches(item.title))
  return [...byTitle, ...SLASH_ITEMS.filter((item) => !byTitle.includes(item) && matches(`${item.title} ${item.keywords}`))]
}
