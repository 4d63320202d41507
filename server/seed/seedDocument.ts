import type { JSONContent } from '@tiptap/core'

/**
 * The document as the editor keeps it: with a paragraph last (TipTap's TrailingNode writes one
 * into a document that lacks it), so opening a seeded page to edit changes nothing.
 */
function withTrailingParagraph(doc: JSONContent): JSONContent {
  const content = doc.content ?? []
  return content.at(-1)?.type === 'paragraph' ? doc : { ...doc, content: [...content, { type: 'paragraph' }] }
}

/** The document with each citation's seed key (`review`, `trotsky`, …) swapped for its source's id. */
function withSourceIds(doc: JSONContent, ids: Map<string, string>): JSONContent {
  if (doc.type === 'citation') return { ...doc, attrs: { ...doc.attrs, sourceId: ids.get(String(doc.attrs?.sourceId)) ?? '' } }
  return doc.content ? { ...doc, content: doc.content.map((child) => withSourceIds(child, ids)) } : doc
}

/** A seed page's document as it is stored: citations pointing at the space's sources, a paragraph last. */
export function seedDocument(doc: JSONContent, sourceIds: Map<string, string>): JSONContent {
  return withTrailingParagraph(withSourceIds(doc, sourceIds))
}
