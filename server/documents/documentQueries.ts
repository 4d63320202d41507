import type { Queryable } from '../db/Db.ts'

/** A row of the durable update log. */
export interface LoggedUpdate {
  id: number
  update: Uint8Array
}

/**
 * The stored state of a page and the log rows not yet folded into it, read in ONE statement:
 * one snapshot, so a compaction committing on another instance in between (new state written,
 * the rows it folded deleted) can never make the reader miss those rows' updates.
 */
export async function readStoredDocument(db: Queryable, pageId: string): Promise<{
  state: Uint8Array | null
  /** Identifies the stored state's write (its version), null when none is stored. */
  version: number | null
  updates: LoggedUpdate[]
}> {
  const rows = await db.query<{ id: number | null; update: Uint8Array; version: number | null }>(
    `SELECT NULL::bigint AS id, state AS update, version FROM page_documents WHERE page_id = $1
     UNION ALL
     SELECT id, update, NULL FROM page_updates WHERE page_id = $1
     ORDER BY id NULLS FIRST`, [pageId])
  const stored = rows[0]?.id === null ? rows[0] : undefined
  const updates = rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, update: r.update }))
  return { state: stored?.update ?? null, version: stored?.version ?? null, updates }
}

/** The version of the page's stored state, or null when none is stored. */
export async function readStoredVersion(db: Queryable, pageId: string): Promise<number | null> {
  const [row] = await db.query<{ version: number }>('SELECT version FROM page_documents WHERE page_id = $1', [pageId])
  return row?.version ?? null
}

export async function readLoggedUpdates(db: Queryable, pageId: string): Promise<LoggedUpdate[]> {
  return db.query<LoggedUpdate>('SELECT id, update FROM page_updates WHERE page_id = $1 ORDER BY id', [pageId])
}

/** Appends many log rows in one statement (group commit). */
export async function insertLoggedUpdates(db: Queryable, rows: { pageId: string; update: Uint8Array; userId: string | null; carried?: Uint8Array | null }[]): Promise<void> {
  const params: unknown[] = []
  const values = rows.map((row, i) => {
    params.push(row.pageId, row.update, row.userId)
    return `($${i * 3 + 1}::uuid, $${i * 3 + 2}::bytea, $${i * 3 + 3}::uuid)`
  })
  const insert = `INSERT INTO page_updates (page_id, update, user_id) VALUES ${values.join(', ')}`
  const carried = rows.filter((row) => row.carried)
  if (carried.length === 0) {
    await db.query(insert, params)
    return
  }
  // Text an update carried is stored by the same statement as its log row: durable together or not at all.
  const sidecar = carried.map((row) => {
    params.push(row.pageId, row.carried)
    return `($${params.length - 1}::uuid, $${params.length}::bytea)`
  })
  await db.query(`WITH carried AS (INSERT INTO page_carried_text (page_id, segments) VALUES ${sidecar.join(', ')}) ${insert}`, params)
}

/** Stores text a server-side change carried (a restore), before the change itself is applied. */
export async function insertCarriedText(db: Queryable, pageId: string, segments: Uint8Array): Promise<void> {
  await db.query('INSERT INTO page_carried_text (page_id, segments) VALUES ($1, $2)', [pageId, segments])
}

/** The text every logged update of a page carried from deleted items, oldest first. */
export async function readCarriedText(db: Queryable, pageId: string): Promise<Uint8Array[]> {
  const rows = await db.query<{ segments: Uint8Array }>('SELECT segments FROM page_carried_text WHERE page_id = $1 ORDER BY id', [pageId])
  return rows.map((r) => r.segments)
}

/** Writes the compacted state, deletes exactly the log rows it covers, and returns the new version. */
export async function writeCompactedState(
  db: Queryable, pageId: string, state: Uint8Array, stateVector: Uint8Array, coveredIds: number[],
): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    `INSERT INTO page_documents (page_id, state, state_vector, version, updated_at) VALUES ($1, $2, $3, 1, now())
     ON CONFLICT (page_id) DO UPDATE SET state = EXCLUDED.state, state_vector = EXCLUDED.state_vector,
       version = page_documents.version + 1, updated_at = now()
     RETURNING version`,
    [pageId, state, stateVector],
  )
  if (coveredIds.length > 0) await db.query('DELETE FROM page_updates WHERE page_id = $1 AND id = ANY($2::bigint[])', [pageId, coveredIds])
  return row.version
}

/** Takes the per-page compaction lock for the rest of the transaction (one compactor across instances). */
export async function lockPageForCompaction(db: Queryable, pageId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`compact:${pageId}`])
}

/** Number of log rows waiting to be compacted, for /metrics. */
export async function countLoggedUpdates(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*) AS n FROM page_updates'))[0].n
}

/** Who owns each Yjs client id on a page (attribution). */
export async function readClientOwners(db: Queryable, pageId: string): Promise<Map<number, string>> {
  const rows = await db.query<{ clientId: number; userId: string }>(
    'SELECT client_id AS "clientId", user_id AS "userId" FROM page_clients WHERE page_id = $1', [pageId])
  return new Map(rows.map((r) => [Number(r.clientId), r.userId]))
}

/** Binds client ids to a user; returns the ids that turned out to belong to someone else. */
export async function bindClientIds(db: Queryable, pageId: string, clientIds: number[], userId: string): Promise<number[]> {
  const params: unknown[] = [pageId, userId]
  const values = clientIds.map((id, i) => { params.push(id); return `($1::uuid, $${i + 3}::bigint, $2::uuid)` })
  const inserted = await db.query<{ clientId: number }>(
    `INSERT INTO page_clients (page_id, client_id, user_id) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING client_id AS "clientId"`, params)
  // Usually every id is new: one round trip. An id not inserted was already bound (the conflict
  // waited for any concurrent insert to commit), so a second statement sees to whom.
  const fresh = new Set(inserted.map((r) => Number(r.clientId)))
  const existing = clientIds.filter((id) => !fresh.has(id))
  if (existing.length === 0) return []
  const rows = await db.query<{ clientId: number }>(
    'SELECT client_id AS "clientId" FROM page_clients WHERE page_id = $1 AND client_id = ANY($2::bigint[]) AND user_id <> $3',
    [pageId, existing, userId])
  return rows.map((r) => Number(r.clientId))
}
