import * as Y from 'yjs'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import { addDeletion, type DeletionRanges } from './deletionRanges.ts'
import { segmentStarts, visibleAt } from './snapshotSegments.ts'

/** The text that was part of the page at `snapshot` and is deleted now: what a restore of it brings back. */
export function deletedSince(doc: Y.Doc, snapshot: Y.Snapshot): DeletionRanges {
  const ranges: DeletionRanges = new Map()
  const walk = (parent: Y.AbstractType<any>) => {
    for (let item = parent._start; item !== null; item = item.right) {
      if (item.content instanceof Y.ContentType) walk(item.content.type)
      if (!item.deleted || !(item.content instanceof Y.ContentString)) continue
      const { client, clock } = item.id
      const starts = segmentStarts(client, clock, clock + item.length, [snapshot])
      starts.forEach((start, i) => {
        const end = starts[i + 1] ?? clock + item.length
        if (visibleAt(snapshot, client, start)) addDeletion(ranges, client, start, end - start)
      })
    }
  }
  walk(doc.getXmlFragment(CONTENT_FIELD))
  return ranges
}
