import type { RevisionKind, RevisionStats } from '../../shared/historyTypes.ts'
import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'

/** A revision as the domain sees it (without its snapshot). */
export interface RevisionRow extends RevisionStats {
  id: string
  pageId: string
  spaceId: string
  number: number
  kind: RevisionKind
  name: string | null
  summary: string | null
  title: string
  createdBy: string | null
  restoredFrom: string | null
  startedAt: Date
  createdAt: Date
}

/**
 * A revision about to be stored. `snapshot` is the Yjs snapshot of what the revision adds to the
 * one before (see snapshotDelta), `stateVector` that delta's state vector alone.
 */
export type NewRevision = Omit<RevisionRow, 'id' | 'createdAt'> & { snapshot: Uint8Array; stateVector: Uint8Array; createdAt?: Date | null }

const COLUMNS = `r.id, r.page_id AS "pageId", r.space_id AS "spaceId", r.number, r.kind, r.name, r.summary, r.title,
  r.created_by AS "createdBy", r.restored_from AS "restoredFrom", r.started_at AS "startedAt", r.created_at AS "createdAt",
  r.chars, r.words, r.chars_added AS "charsAdded", r.chars_removed AS "charsRemoved",
  r.words_added AS "wordsAdded", r.words_removed AS "wordsRemoved",
  r.blocks_changed AS "blocksChanged", r.chars_formatted AS "charsFormatted"`

/** Takes the page's revision lock for the rest of the transaction: one cutter at a time, across instances. */
export async function lockPageRevisions(db: Queryable, pageId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`revisions:${pageId}`])
}

/** The page's newest revision, or null when it has none. */
export async function findLatestRevision(db: Queryable, pageId: string): Promise<RevisionRow | null> {
  const rows = await db.query<RevisionRow>(`SELECT ${COLUMNS} FROM revisions r WHERE r.page_id = $1 ORDER BY r.number DESC LIMIT 1`, [pageId])
  return rows[0] ?? null
}

/** One revision of a page; null when the id is not a revision of that page. */
export async function findRevision(db: Queryable, pageId: string, revisionId: string): Promise<RevisionRow | null> {
  if (!isUuid(revisionId)) return null
  const rows = await db.query<RevisionRow>(`SELECT ${COLUMNS} FROM revisions r WHERE r.page_id = $1 AND r.id = $2`, [pageId, revisionId])
  return rows[0] ?? null
}

/** The stored snapshot deltas of the revisions numbered (after, upTo], oldest first. */
export async function listSnapshotDeltas(db: Queryable, pageId: string, after: number, upTo: number | null): Promise<{ number: number; snapshot: Uint8Array }[]> {
  return db.query(
    'SELECT number, snapshot FROM revisions WHERE page_id = $1 AND number > $2 AND ($3::int IS NULL OR number <= $3) ORDER BY number',
    [pageId, after, upTo],
  )
}

export async function insertRevision(db: Queryable, r: NewRevision): Promise<RevisionRow> {
  const [row] = await db.query<RevisionRow>(
    `INSERT INTO revisions AS r (page_id, space_id, number, snapshot, state_vector, kind, name, summary, title, created_by,
       restored_from, started_at, chars, words, chars_added, chars_removed, words_added, words_removed, blocks_changed, chars_formatted, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, coalesce($21::timestamptz, now()))
     RETURNING ${COLUMNS}`,
    [r.pageId, r.spaceId, r.number, r.snapshot, r.stateVector, r.kind, r.name, r.summary, r.title, r.createdBy,
      r.restoredFrom, r.startedAt, r.chars, r.words, r.charsAdded, r.charsRemoved, r.wordsAdded, r.wordsRemoved,
      r.blocksChanged, r.charsFormatted, r.createdAt ?? null],
  )
  return row
}

/** Names a revision (a named version of a state that already has a revision). */
export async function labelRevision(db: Queryable, revisionId: string, label: { name: string | null; summary: string | null; createdBy: string | null }): Promise<RevisionRow> {
  const [row] = await db.query<RevisionRow>(
    `UPDATE revisions r SET name = $2, summary = COALESCE($3, r.summary), created_by = COALESCE(r.created_by, $4)
     WHERE r.id = $1 RETURNING ${COLUMNS}`,
    [revisionId, label.name, label.summary, label.createdBy],
  )
  return row
}

/** Records authors of a revision; an author already there keeps the deletions recorded first. */
export async function addRevisionAuthors(db: Queryable, revisionId: string, authors: { userId: string; deletions: Uint8Array | null }[]): Promise<void> {
  if (authors.length === 0) return
  const params: unknown[] = [revisionId]
  const values = authors.map((a, i) => {
    params.push(a.userId, a.deletions)
    return `($1::uuid, $${i * 2 + 2}::uuid, $${i * 2 + 3}::bytea)`
  })
  await db.query(
    `INSERT INTO revision_authors (revision_id, user_id, deletions) VALUES ${values.join(', ')}
     ON CONFLICT (revision_id, user_id) DO UPDATE SET deletions = COALESCE(revision_authors.deletions, EXCLUDED.deletions)`,
    params,
  )
}

/** A page's revisions, newest first; `before` (a revision number) pages back through long histories. */
export async function listRevisions(db: Queryable, pageId: string, options: { limit: number; before?: number }): Promise<RevisionRow[]> {
  return db.query<RevisionRow>(
    `SELECT ${COLUMNS} FROM revisions r WHERE r.page_id = $1 AND ($2::int IS NULL OR r.number < $2)
     ORDER BY r.number DESC LIMIT $3`,
    [pageId, options.before ?? null, options.limit],
  )
}

/** Every revision's number and state-vector delta, oldest first (what blame needs to date each passage). */
export async function listRevisionStateVectors(db: Queryable, pageId: string): Promise<{ id: string; number: number; stateVector: Uint8Array }[]> {
  return db.query('SELECT id, number, state_vector AS "stateVector" FROM revisions WHERE page_id = $1 ORDER BY number', [pageId])
}

/** The deletions each author made in the revisions numbered (after, upTo]. */
export async function listRecordedDeletions(db: Queryable, pageId: string, after: number, upTo: number): Promise<{ number: number; userId: string; deletions: Uint8Array }[]> {
  return db.query(
    `SELECT r.number, a.user_id AS "userId", a.deletions FROM revision_authors a JOIN revisions r ON r.id = a.revision_id
     WHERE r.page_id = $1 AND r.number > $2 AND r.number <= $3 AND a.deletions IS NOT NULL ORDER BY r.number`,
    [pageId, after, upTo],
  )
}

/** Authors of each revision, by revision id. */
export async function readRevisionAuthors(db: Queryable, revisionIds: string[]): Promise<Map<string, { id: string; username: string }[]>> {
  const authors = new Map<string, { id: string; username: string }[]>(revisionIds.map((id) => [id, []]))
  if (revisionIds.length === 0) return authors
  const rows = await db.query<{ revisionId: string; id: string; username: string }>(
    `SELECT a.revision_id AS "revisionId", u.id, u.username FROM revision_authors a JOIN users u ON u.id = a.user_id
     WHERE a.revision_id = ANY($1::uuid[]) ORDER BY u.username_key`,
    [revisionIds],
  )
  for (const row of rows) authors.get(row.revisionId)?.push({ id: row.id, username: row.username })
  return authors
}

/** Numbers of the given revisions of a page, by id (for "restored from #n"). */
export async function revisionNumbers(db: Queryable, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<{ id: string; number: number }>('SELECT id, number FROM revisions WHERE id = ANY($1::uuid[])', [ids])
  return new Map(rows.map((r) => [r.id, r.number]))
}

/** A revision of the recent-changes list, with its page and its exact sort key (creation time in microseconds since 1970, as text). */
export interface RecentChangeRow extends RevisionRow {
  pageTitle: string
  pageSlug: string
  createdKey: string
}

/**
 * The latest revisions across a space's live pages, newest first (ties by id), optionally only
 * those a user wrote; `after` (the sort key of the last one sent) or `before` (a time) pages back.
 */
export async function listRecentChanges(
  db: Queryable, spaceId: string, options: { userId?: string; limit: number; before?: Date; after?: { createdKey: string; id: string } },
): Promise<RecentChangeRow[]> {
  return db.query<RecentChangeRow>(
    `SELECT ${COLUMNS}, p.title AS "pageTitle", p.slug AS "pageSlug",
       (extract(epoch FROM r.created_at) * 1000000)::bigint::text AS "createdKey"
     FROM revisions r JOIN pages p ON p.id = r.page_id
     WHERE r.space_id = $1 AND p.deleted_at IS NULL
       AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM revision_authors a WHERE a.revision_id = r.id AND a.user_id = $2))
       AND ($3::timestamptz IS NULL OR r.created_at < $3)
       AND ($5::bigint IS NULL OR (r.created_at, r.id) < (timestamptz 'epoch' + $5::bigint * interval '1 microsecond', $6::uuid))
     ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
    [spaceId, options.userId ?? null, options.before ?? null, options.limit, options.after?.createdKey ?? null, options.after?.id ?? null],
  )
}

/** The given revisions of a page, by number. */
export async function listRevisionsByNumber(db: Queryable, pageId: string, numbers: number[]): Promise<RevisionRow[]> {
  if (numbers.length === 0) return []
  return db.query<RevisionRow>(`SELECT ${COLUMNS} FROM revisions r WHERE r.page_id = $1 AND r.number = ANY($2::int[]) ORDER BY r.number`, [pageId, numbers])
}
