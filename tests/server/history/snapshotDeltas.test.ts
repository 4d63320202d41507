import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { foldSnapshots, snapshotDelta } from '../../../server/history/snapshotDeltas.ts'

describe('snapshot deltas', () => {
  it('folding the deltas of revisions 1…n gives back the whole snapshot of revision n, through random inserts and deletes by several clients', () => {
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const doc = new Y.Doc({ gc: false })
    const text = doc.getText('t')
    const wholes: Y.Snapshot[] = []
    const deltas: Y.Snapshot[] = []
    for (let revision = 0; revision < 60; revision++) {
      doc.clientID = 100 + Math.floor(rand() * 5)
      for (let edit = 0; edit < 30; edit++) {
        if (text.length > 0 && rand() < 0.45) {
          const at = Math.floor(rand() * text.length)
          text.delete(at, Math.min(text.length - at, 1 + Math.floor(rand() * 6)))
        } else {
          text.insert(Math.floor(rand() * (text.length + 1)), 'abcdefgh'.slice(0, 1 + Math.floor(rand() * 8)))
        }
      }
      const whole = Y.snapshot(doc)
      deltas.push(snapshotDelta(wholes.at(-1) ?? Y.emptySnapshot, whole))
      wholes.push(whole)
      const folded = foldSnapshots(deltas.map((d) => Y.decodeSnapshotV2(Y.encodeSnapshotV2(d))))
      expect(Y.equalSnapshots(folded, whole)).toBe(true)
      expect(Y.createDocFromSnapshot(doc, folded).getText('t').toString()).toBe(Y.createDocFromSnapshot(doc, whole).getText('t').toString())
    }
    // Each delta holds only what its revision added: together far smaller than the whole snapshots.
    const size = (list: Y.Snapshot[]) => list.reduce((sum, s) => sum + Y.encodeSnapshotV2(s).byteLength, 0)
    expect(size(deltas) * 5).toBeLessThan(size(wholes))
  })
})
