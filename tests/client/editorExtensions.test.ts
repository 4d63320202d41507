import { getSchema } from '@tiptap/core'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import type { Schema } from '@tiptap/pm/model'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { editorExtensions } from '../../client/editor/editorExtensions.ts'
import { documentSchema } from '../../shared/editor/documentSchema.ts'

// Everything that decides what a document may contain, without the DOM functions.
function describeSchema(schema: Schema) {
  const attrs = (spec: Record<string, { default?: unknown }> | undefined) =>
    Object.fromEntries(Object.entries(spec ?? {}).map(([name, attr]) => [name, attr.default ?? null]))
  return {
    topNode: schema.topNodeType.name,
    nodes: Object.values(schema.nodes).map((type) => ({
      name: type.name,
      content: type.spec.content ?? '',
      group: type.spec.group ?? '',
      marks: type.spec.marks ?? null,
      inline: type.isInline,
      atom: type.isAtom,
      code: Boolean(type.spec.code),
      attrs: attrs(type.spec.attrs),
    })),
    marks: Object.values(schema.marks).map((type) => ({
      name: type.name,
      inclusive: type.spec.inclusive ?? true,
      excludes: type.spec.excludes ?? null,
      attrs: attrs(type.spec.attrs),
    })),
  }
}

describe('the editor extension list', () => {
  // A socket that never connects: the schema needs the objects, not a server.
  const socket = new HocuspocusProviderWebsocket({ url: 'ws://127.0.0.1:9/collab', autoConnect: false })
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({ name: 'schema-test', document: doc, websocketProvider: socket })
  afterAll(() => {
    provider.destroy()
    socket.destroy()
  })

  it('builds exactly the shared document schema, so the server reads what the client writes', () => {
    const editorSchema = getSchema(editorExtensions({ doc, provider, user: { name: 'Ann', color: '#0f766e' } }))
    expect(describeSchema(editorSchema)).toEqual(describeSchema(documentSchema()))
  })

  it('has the wikiLink mark with a target attribute and no ProseMirror history', () => {
    const names = editorExtensions({ doc, provider, user: { name: 'Ann', color: '#0f766e' } }).map((extension) => extension.name)
    expect(names).toContain('wikiLink')
    expect(names).toContain('collaboration')
    expect(names).not.toContain('undoRedo')
    expect(documentSchema().marks.wikiLink.spec.attrs).toHaveProperty('target')
  })
})
