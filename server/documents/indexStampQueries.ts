import type { Queryable } from '../core/db/Db.ts'

/** Advisory lock namespace of index runs (one page at a time, across instances). */
const INDEX_LOCK = 7_415_965

/** Waits until no other index run of the page is under way, on any instance; held until the transaction ends. */
export async function lockIndexRun(tx: Queryable, pageId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(${INDEX_LOCK}, hashtext($1))`, [pageId])
}

/** The snapshot (Y.encodeSnapshot) of the document the page's derived rows were last made from, or null when never stamped. */
export async function readIndexStamp(tx: Queryable, pageId: string): Promise<Uint8Array | null> {
  const rows = await tx.query<{ snapshot: Uint8Array }>('SELECT snapshot FROM page_index_stamps WHERE page_id = $1', [pageId])
  return rows[0]?.snapshot ?? null
}

/** Records what the page's derived rows were made from (nothing when the page is gone). */
export async function writeIndexStamp(tx: Queryable, pageId: string, snapshot: Uint8Array): Promise<void> {
  await tx.query(
    `INSERT INTO page_index_stamps (page_id, snapshot) SELECT id, $2 FROM pages WHERE id = $1
     ON CONFLICT (page_id) DO UPDATE SET snapshot = EXCLUDED.snapshot`,
    [pageId, snapshot],
  )
}
