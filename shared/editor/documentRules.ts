import type { NodeType, Schema } from '@tiptap/pm/model'
import { documentSchema } from './documentSchema.ts'

/** What one node type may hold, as a Yjs element of that name. */
export interface NodeRule {
  /** Attribute keys the node has (a Yjs element attribute with another key is unreadable). */
  attrs: ReadonlySet<string>
  /** Names of the element nodes its content expression allows anywhere in it. */
  children: ReadonlySet<string>
  /** Whether text may appear in it (a Y.XmlText child). */
  text: boolean
  /** Checks of attribute values (the schema's `validate`), by key: each throws on a value the attribute may not hold. */
  validators: ReadonlyMap<string, (value: unknown) => void>
}

/** The page schema as rules on Yjs content: which elements go where, which attributes and marks exist. */
export interface DocumentRules {
  /** The top node (`doc`): the rule of the `default` fragment itself. */
  root: NodeRule
  /** Every other node type by name, text excluded. */
  nodes: ReadonlyMap<string, NodeRule>
  /** Every mark by name, with its attribute keys. */
  marks: ReadonlyMap<string, ReadonlySet<string>>
}

/** Every node type that may appear somewhere in `type`'s content (order and counts aside). */
function allowedInside(type: NodeType): Set<NodeType> {
  const found = new Set<NodeType>()
  const seen = new Set([type.contentMatch])
  const queue = [type.contentMatch]
  while (queue.length > 0) {
    const match = queue.pop()!
    for (let i = 0; i < match.edgeCount; i++) {
      const { type: next, next: after } = match.edge(i)
      found.add(next)
      if (!seen.has(after)) {
        seen.add(after)
        queue.push(after)
      }
    }
  }
  return found
}

function ruleOf(type: NodeType): NodeRule {
  const inside = allowedInside(type)
  const validators = new Map<string, (value: unknown) => void>()
  for (const [key, spec] of Object.entries(type.spec.attrs ?? {})) {
    if (typeof spec.validate === 'function') validators.set(key, spec.validate)
  }
  return {
    validators,
    attrs: new Set(Object.keys(type.spec.attrs ?? {})),
    children: new Set([...inside].filter((child) => !child.isText).map((child) => child.name)),
    text: [...inside].some((child) => child.isText),
  }
}

const cache = new WeakMap<Schema, DocumentRules>()

/**
 * Derives the rules from the ProseMirror schema (by default the page schema built from the
 * shared TipTap extensions), so a node or mark added there is known here without a list to
 * keep in step.
 */
export function documentRules(schema: Schema = documentSchema()): DocumentRules {
  let rules = cache.get(schema)
  if (rules) return rules
  const nodes = new Map<string, NodeRule>()
  for (const type of Object.values(schema.nodes)) {
    if (type !== schema.topNodeType && !type.isText) nodes.set(type.name, ruleOf(type))
  }
  const marks = new Map(Object.values(schema.marks).map((mark) => [mark.name, new Set(Object.keys(mark.spec.attrs ?? {})) as ReadonlySet<string>]))
  rules = { root: ruleOf(schema.topNodeType), nodes, marks }
  cache.set(schema, rules)
  return rules
}
