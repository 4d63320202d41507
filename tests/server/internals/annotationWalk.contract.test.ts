import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { annotateDocument, type AnnotatedNode } from '../../../server/internals/annotateDocument.ts'
import { seededRandom } from '../../support/seededRandom.ts'

// Contract of the annotation walk with the pinned Yjs: it reads `_start`/`right`, item
// content classes and ids directly, for speed and to keep every writer's client id. Whatever a
// Yjs upgrade changes there, the walk must still read at a snapshot exactly what Yjs's public
// API reads at that snapshot (typeListToArraySnapshot, typeMapGetAllSnapshot, toDelta(snapshot):
// what y-prosemirror renders a snapshot with).

type Plain = { type: string; attrs: Record<string, unknown>; children: Plain[] } | { text: string; format: Record<string, unknown> }

/** The public API's reading of a fragment at a snapshot: elements with their attributes, text as a delta. */
function readPublic(parent: Y.XmlFragment | Y.XmlElement, snapshot: Y.Snapshot): Plain[] {
  const out: Plain[] = []
  for (const child of Y.typeListToArraySnapshot(parent, snapshot)) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta(snapshot) as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') out.push({ text: op.insert, format: op.attributes ?? {} })
      }
    } else if (child instanceof Y.XmlElement) {
      out.push({ type: child.nodeName, attrs: Y.typeMapGetAllSnapshot(child, snapshot), children: readPublic(child, snapshot) })
    }
  }
  return merge(out)
}

/** The walk's reading of one side (`after` or `before`) of its result, in the same form. */
function readWalk(nodes: AnnotatedNode[], side: 'before' | 'after'): Plain[] {
  const out: Plain[] = []
  for (const node of nodes) {
    if (!node[side]) continue
    if (node.kind === 'text') out.push({ text: node.text, format: node.format })
    else out.push({ type: node.type, attrs: node.attrs, children: readWalk(node.children, side) })
  }
  return merge(out)
}

/** Joins neighbouring runs of text with the same formatting (the two readings cut runs differently). */
function merge(nodes: Plain[]): Plain[] {
  const out: Plain[] = []
  for (const node of nodes) {
    const last = out.at(-1)
    if (last && 'text' in last && 'text' in node && JSON.stringify(last.format) === JSON.stringify(node.format)) {
      out[out.length - 1] = { text: last.text + node.text, format: last.format }
    } else if ('text' in node && node.text === '') {
      continue
    } else {
      out.push(node)
    }
  }
  return out
}

function withoutFormat(nodes: Plain[]): Plain[] {
  return merge(nodes.map((node) => ('text' in node ? { text: node.text, format: {} } : { ...node, children: withoutFormat(node.children) })))
}

function atSnapshot(doc: Y.Doc, snapshot: Y.Snapshot): Plain[] {
  return readPublic(doc.getXmlFragment('default'), snapshot)
}

/** Random edits by several writers on one gc-disabled document, as the server keeps pages. */
function editRandomly(docs: Y.Doc[], random: () => number, steps: number): void {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]
  for (let step = 0; step < steps; step++) {
    const doc = pick(docs)
    const fragment = doc.getXmlFragment('default')
    const roll = random()
    if (fragment.length === 0 || roll < 0.15) {
      const element = new Y.XmlElement(random() < 0.7 ? 'paragraph' : 'heading')
      if (element.nodeName === 'heading') element.setAttribute('level', String(1 + Math.floor(random() * 3)))
      element.insert(0, [new Y.XmlText(`para ${step} `)])
      fragment.insert(Math.floor(random() * (fragment.length + 1)), [element])
    } else if (roll < 0.2 && fragment.length > 1) {
      fragment.delete(Math.floor(random() * fragment.length), 1)
    } else {
      const element = fragment.get(Math.floor(random() * fragment.length)) as Y.XmlElement
      const text = element.get(0) as Y.XmlText
      const at = Math.floor(random() * (text.length + 1))
      if (roll < 0.6) text.insert(at, `w${step} `, random() < 0.3 ? { bold: true } : undefined)
      else if (roll < 0.8 && text.length > 0) text.delete(Math.min(at, text.length - 1), Math.max(1, Math.floor(random() * 4)))
      else if (text.length > 0) text.format(Math.min(at, text.length - 1), 3, random() < 0.5 ? { italic: true } : { italic: null })
    }
    // Writers exchange everything now and then, so edits interleave.
    if (random() < 0.5) for (const other of docs) if (other !== doc) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
  }
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
}

describe('the annotation walk over Yjs internals', () => {
  it.each([1, 2, 3, 4, 5])('reads the same elements, text and formatting as the public API at both snapshots (seed %i)', (seed) => {
    const random = seededRandom(seed)
    const docs = [1, 2, 3].map((client) => {
      const doc = new Y.Doc({ gc: false })
      doc.clientID = client * 1000 + seed
      return doc
    })
    editRandomly(docs, random, 40)
    const before = Y.snapshot(docs[0])
    editRandomly(docs, random, 40)
    const after = Y.snapshot(docs[0])
    const doc = docs[0]

    const walked = annotateDocument(doc, { after, before })
    expect(readWalk(walked, 'after')).toEqual(atSnapshot(doc, after))
    // A piece visible at both keeps its newer formatting, so the older side is compared as text.
    expect(withoutFormat(readWalk(walked, 'before'))).toEqual(withoutFormat(atSnapshot(doc, before)))
    expect(readWalk(annotateDocument(doc, { after: before }), 'after')).toEqual(atSnapshot(doc, before))
    expect(readWalk(annotateDocument(doc, { after }), 'after')).toEqual(atSnapshot(doc, after))
    // Something was actually written, deleted and compared.
    expect(JSON.stringify(atSnapshot(doc, before))).not.toEqual(JSON.stringify(atSnapshot(doc, after)))
  })

  it('gives every run of text the Yjs client that wrote it', () => {
    const doc = new Y.Doc({ gc: false })
    const other = new Y.Doc({ gc: false })
    doc.clientID = 11
    other.clientID = 22
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('first ')])
    doc.getXmlFragment('default').insert(0, [paragraph])
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    ;((other.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(6, 'second')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    const [element] = annotateDocument(doc, { after: Y.snapshot(doc) })
    expect(element.kind === 'element' && element.children.map((c) => [c.kind === 'text' ? c.text : '', c.client])).toEqual([['first ', 11], ['second', 22]])
  })
})
