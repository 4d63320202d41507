import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { oncePerNode } from '../../../server/core/oncePerNode.ts'
import { pageNode } from '../../../server/documents/pageNode.ts'
import { appendLinkedParagraph } from '../links/linkWriting.ts'

describe('oncePerNode', () => {
  it('derives once per read of a page, and again for a new read', () => {
    const doc = new Y.Doc()
    appendLinkedParagraph(doc, ['The ', { target: 'Strike' }, ' began.'])
    let calls = 0
    const childCount = oncePerNode((node) => { calls += 1; return node.childCount })
    const read = pageNode(doc)
    expect([childCount(read), childCount(read)]).toEqual([1, 1])
    expect(calls).toBe(1)
    appendLinkedParagraph(doc, ['It ended.'])
    expect(childCount(pageNode(doc))).toBe(2)
    expect(calls).toBe(2)
  })
})
