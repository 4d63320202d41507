import type { Mark, Node as ProseMirrorNode, NodeType, Schema } from '@tiptap/pm/model'
import * as Y from 'yjs'
import { documentRules, type NodeRule } from '../../shared/editor/documentRules.ts'
import { formatMarkName } from '../../shared/editor/formatMarkName.ts'
import { CONTENT_LIMITS } from '../documents/contentLimits.ts'

/** Only the attributes the type knows: anything else is ignored. */
function knownAttributes(known: Record<string, unknown>, entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const attrs: Record<string, unknown> = {}
  for (const [key, value] of entries) if (key in known) attrs[key] = value
  return attrs
}

/** The current attributes of a Yjs element (the visible value of each key of its map). */
function* elementAttributes(map: Map<string, Y.Item>): Generator<[string, unknown]> {
  for (const [key, item] of map) {
    if (item.deleted) continue
    const values = item.content.getContent()
    yield [key, values[values.length - 1]]
  }
}

function marksOf(formats: Map<string, unknown>, schema: Schema): Mark[] {
  const marks: Mark[] = []
  for (const [key, value] of formats) {
    const type = schema.marks[formatMarkName(key)]
    if (!type || (value !== true && (typeof value !== 'object' || value === null))) continue
    try {
      marks.push(type.create(knownAttributes(type.spec.attrs ?? {}, value === true ? [] : Object.entries(value))))
    } catch {
      // An attribute value the mark refuses: the text keeps its other marks.
    }
  }
  return marks
}

/** The text nodes of a Y.XmlText: its visible runs with the marks of the formats around them. */
function readText(text: Y.XmlText, schema: Schema): ProseMirrorNode[] {
  const nodes: ProseMirrorNode[] = []
  const formats = new Map<string, unknown>()
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue
    const content = item.content
    if (content instanceof Y.ContentFormat) {
      if (content.value === null) formats.delete(content.key)
      else formats.set(content.key, content.value)
    } else if (content instanceof Y.ContentString) {
      nodes.push(schema.text(content.str, marksOf(formats, schema)))
    }
  }
  return nodes
}

function readChildren(parent: Y.AbstractType<any>, rule: NodeRule, schema: Schema, depth: number): ProseMirrorNode[] {
  const nodes: ProseMirrorNode[] = []
  for (let item = parent._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue
    const child = item.content.type
    if (child instanceof Y.XmlText) {
      if (rule.text) nodes.push(...readText(child, schema))
    } else if (child instanceof Y.XmlElement && rule.children.has(child.nodeName) && depth < CONTENT_LIMITS.maxDepth) {
      const node = readElement(child, schema.nodes[child.nodeName], schema, depth + 1)
      if (node) nodes.push(node)
    }
  }
  return nodes
}

function readElement(element: Y.XmlElement, type: NodeType, schema: Schema, depth: number): ProseMirrorNode | null {
  const rule = documentRules(schema).nodes.get(type.name)!
  try {
    return type.create(knownAttributes(type.spec.attrs ?? {}, elementAttributes(element._map)), readChildren(element, rule, schema, depth))
  } catch {
    // Attributes the node refuses: the element is left out, the rest of the page still reads.
    return null
  }
}

/**
 * A Yjs fragment as a ProseMirror document of `schema`, without changing the Yjs document:
 * what the schema cannot read (unknown elements and marks, text where none is allowed, other
 * content, branches nested past the depth limit) is left out. y-prosemirror's own reader
 * deletes such parts from the document it reads, which on the server would be a write to
 * the live page as a side effect of indexing it.
 */
export function fragmentToNode(fragment: Y.XmlFragment, schema: Schema): ProseMirrorNode {
  return schema.topNodeType.create(null, readChildren(fragment, documentRules(schema).root, schema, 0))
}
