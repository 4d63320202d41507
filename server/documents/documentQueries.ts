import type { Queryable } from '../core/db/Db.ts'
import { documentTables } from './documentTables.ts'

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
export async function readStoredDocument(db: Queryable, documentName: string): Promise<{
  state: Uint8Array | null
  /** Identifies the stored state's write (its version), null when none is stored. */
  version: number | null
  updates: LoggedUpdate[]
}> {
  const t = documentTables(documentName)
  const rows = await db.query<{ id: number | null; update: Uint8Array; version: number | null }>(
    `SELECT NULL::bigint AS id, state AS update, version FROM ${t.states} WHERE ${t.key} = $1
     UNION ALL
     SELECT id, update, NULL FROM ${t.updates} WHERE ${t.key} = $1
     ORDER BY id NULLS FIRST`, [t.id])
  const stored = rows[0]?.id === null ? rows[0] : undefined
  const updates = rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, update: r.update }))
  return { state: stored?.update ?? null, version: stored?.version ?? null, updates }
}

/** The version of the page's stored state, or null when none is stored. */
export async function readStoredVersion(db: Queryable, documentName: string): Promise<number | null> {
  const t = documentTables(documentName)
  const [row] = await db.query<{ version: number }>(`SELECT version FROM ${t.states} WHERE ${t.key} = $1`, [t.id])
  return row?.version ?? null
}

export async function readLoggedUpdates(db: Queryable, documentName: string): Promise<LoggedUpdate[]> {
  const t = documentTables(documentName)
  return db.query<LoggedUpdate>(`SELECT id, update FROM ${t.updates} WHERE ${t.key} = $1 ORDER BY id`, [t.id])
}

type LogRow = { pageId: string; update: Uint8Array; userId: string | null; carried?: Uint8Array | null }

/**
 * Appends many log rows (`pageId` is the document name) in one statement per kind of document
 * (group commit). Proposals' rows carry no text: carried text belongs to a page's history.
 */
export async function insertLoggedUpdates(db: Queryable, rows: LogRow[]): Promise<void> {
  const proposals = rows.filter((row) => documentTables(row.pageId).owner === 'proposals')
  if (proposals.length > 0) await insertProposalUpdates(db, proposals)
  const pages = proposals.length === 0 ? rows : rows.filter((row) => !proposals.includes(row))
  if (pages.length > 0) await insertPageUpdates(db, pages)
}

async function insertProposalUpdates(db: Queryable, rows: LogRow[]): Promise<void> {
  const params: unknown[] = []
  const values = rows.map((row, i) => {
    params.push(documentTables(row.pageId).id, row.update, row.userId)
    return `($${i * 3 + 1}::uuid, $${i * 3 + 2}::bytea, $${i * 3 + 3}::uuid)`
  })
  // Refused as a whole (check_violation) when the proposal is closed: see migration 0027.
  await db.query(
    `INSERT INTO proposal_updates (proposal_id, update, user_id)
     SELECT v.proposal_id, v.update, v.user_id FROM (VALUES ${values.join(', ')}) AS v (proposal_id, update, user_id)
     WHERE proposal_takes_edits(v.proposal_id)`,
    params)
}

async function insertPageUpdates(db: Queryable, rows: LogRow[]): Promise<void> {
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
  db: Queryable, documentName: string, state: Uint8Array, stateVector: Uint8Array, coveredIds: number[],
): Promise<number> {
  const t = documentTables(documentName)
  const [row] = await db.query<{ version: number }>(
    `INSERT INTO ${t.states} (${t.key}, state, state_vector, version, updated_at) VALUES ($1, $2, $3, 1, now())
     ON CONFLICT (${t.key}) DO UPDATE SET state = EXCLUDED.state, state_vector = EXCLUDED.state_vector,
       version = ${t.states}.version + 1, updated_at = now()
     RETURNING version`,
    [t.id, state, stateVector],
  )
  if (coveredIds.length > 0) await db.query(`DELETE FROM ${t.updates} WHERE ${t.key} = $1 AND id = ANY($2::bigint[])`, [t.id, coveredIds])
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
export async function readClientOwners(db: Queryable, documentName: string): Promise<Map<number, string>> {
  const t = documentTables(documentName)
  const rows = await db.query<{ clientId: number; userId: string }>(
    `SELECT client_id AS "clientId", user_id AS "userId" FROM ${t.clients} WHERE ${t.key} = $1`, [t.id])
  return new Map(rows.map((r) => [Number(r.clientId), r.userId]))
}

/** Binds client ids to a user; returns the ids that turned out to belong to someone else. */
export async function bindClientIds(db: Queryable, documentName: string, clientIds: number[], userId: string): Promise<number[]> {
  const t = documentTables(documentName)
  const params: unknown[] = [t.id, userId]
  const values = clientIds.map((id, i) => { params.push(id); return `($1::uuid, $${i + 3}::bigint, $2::uuid)` })
  const inserted = await db.query<{ clientId: number }>(
    `INSERT INTO ${t.clients} (${t.key}, client_id, user_id) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING client_id AS "clientId"`, params)
  // Usually every id is new: one round trip. An id not inserted was already bound (the conflict
  // waited for any concurrent insert to commit), so a second statement sees to whom.
  const fresh = new Set(inserted.map((r) => Number(r.clientId)))
  const existing = clientIds.filter((id) => !fresh.has(id))
  if (existing.length === 0) return []
  const rows = await db.query<{ clientId: number }>(
    `SELECT client_id AS "clientId" FROM ${t.clients} WHERE ${t.key} = $1 AND client_id = ANY($2::bigint[]) AND user_id <> $3`,
    [t.id, existing, userId])
  return rows.map((r) => Number(r.clientId))
}
