import * as Y from 'yjs'
import { documentRules, type DocumentRules, type NodeRule } from '../../shared/editor/documentRules.ts'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { CONTENT_LIMITS, type ContentLimits } from '../documents/contentLimits.ts'
import { formatProblem } from '../documents/formatProblem.ts'

function* liveItems(type: Y.AbstractType<any>): Generator<Y.Item> {
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) yield item
}

function* liveAttributes(type: Y.AbstractType<any>): Generator<[string, Y.Item]> {
  for (const entry of type._map) if (!entry[1].deleted) yield entry
}

function textProblems(text: Y.XmlText, rules: DocumentRules, found: Y.Item[]): void {
  for (const [, item] of liveAttributes(text)) found.push(item)
  for (const item of liveItems(text)) {
    const content = item.content
    if (content instanceof Y.ContentString) continue
    if (content instanceof Y.ContentFormat && formatProblem(content, rules) === null) continue
    found.push(item)
  }
}

/**
 * The visible items of a page that the page schema cannot read — the same rules the update
 * check applies to incoming edits (see checkUpdate), over a document stored before it
 * existed: content of other root types, text or unknown elements where the schema allows
 * none, unknown attributes and marks, other content kinds, elements nested past the depth
 * limit (the outermost one of each too-deep branch). Walks iteratively; reads only.
 */
export function findUnreadableItems(doc: Y.Doc, rules: DocumentRules = documentRules(), limits: ContentLimits = CONTENT_LIMITS): Y.Item[] {
  const found: Y.Item[] = []
  for (const [name, type] of doc.share) {
    if (name === CONTENT_FIELD) continue
    for (const item of liveItems(type)) found.push(item)
    for (const [, item] of liveAttributes(type)) found.push(item)
  }
  if (!doc.share.has(CONTENT_FIELD)) return found
  const stack: { type: Y.AbstractType<any>; rule: NodeRule; depth: number }[] = [
    { type: doc.getXmlFragment(CONTENT_FIELD), rule: rules.root, depth: 0 },
  ]
  while (stack.length > 0) {
    const { type, rule, depth } = stack.pop()!
    for (const [key, item] of liveAttributes(type)) if (depth === 0 || !rule.attrs.has(key)) found.push(item)
    for (const item of liveItems(type)) {
      const child = item.content instanceof Y.ContentType ? item.content.type : null
      if (child instanceof Y.XmlText && rule.text) {
        textProblems(child, rules, found)
      } else if (child instanceof Y.XmlElement && rule.children.has(child.nodeName) && depth < limits.maxDepth) {
        stack.push({ type: child, rule: rules.nodes.get(child.nodeName)!, depth: depth + 1 })
      } else {
        found.push(item)
      }
    }
  }
  return found
}
