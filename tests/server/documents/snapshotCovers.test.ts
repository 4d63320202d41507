import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { snapshotCovers } from '../../../server/documents/snapshotCovers.ts'

/** A snapshot as an index stamp carries it: encoded and read back. */
const snap = (doc: Y.Doc) => Y.decodeSnapshot(Y.encodeSnapshot(Y.snapshot(doc)))

/** Two replicas of one document, the second in step with the first. */
function replicas(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc({ gc: false })
  a.getText('t').insert(0, 'Strike at the works')
  const b = new Y.Doc({ gc: false })
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  return [a, b]
}

describe('whether an indexed snapshot covers a document', () => {
  it('covers the same document and a replica that lags behind, not one ahead', () => {
    const [a, b] = replicas()
    expect(snapshotCovers(snap(a), snap(b))).toBe(true)
    a.getText('t').insert(0, 'The ')
    expect(snapshotCovers(snap(a), snap(b))).toBe(true) // b is older: nothing new in it
    expect(snapshotCovers(snap(b), snap(a))).toBe(false) // a has an insertion b's index lacks
  })

  it('does not cover a document whose only change is a deletion (no clock moves)', () => {
    const [a, b] = replicas()
    const before = snap(a)
    b.getText('t').delete(0, 7)
    expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a))
    expect(snapshotCovers(before, snap(b))).toBe(false)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(snapshotCovers(snap(a), snap(b))).toBe(true)
    expect(snapshotCovers(snap(b), snap(new Y.Doc()))).toBe(true) // an empty document is covered by anything
  })

  it('covers neither of two replicas that each made an edit the other has not heard', () => {
    const [a, b] = replicas()
    a.getText('t').insert(0, 'A: ')
    b.getText('t').delete(0, 6)
    expect(snapshotCovers(snap(a), snap(b))).toBe(false)
    expect(snapshotCovers(snap(b), snap(a))).toBe(false)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(snapshotCovers(snap(a), snap(b))).toBe(true)
  })
})
