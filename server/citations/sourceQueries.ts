import type { CslItem } from '../../shared/citations/citationTypes.ts'
import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'

/** A row of `sources`. */
export interface SourceRow {
  id: string
  spaceId: string
  csl: CslItem
}

const COLUMNS = 'id, space_id AS "spaceId", csl'

/** The sources of a space, oldest first (the order they were added or imported in). */
export async function listSources(db: Queryable, spaceId: string): Promise<SourceRow[]> {
  return db.query<SourceRow>(`SELECT ${COLUMNS} FROM sources WHERE space_id = $1 ORDER BY created_at, id`, [spaceId])
}

/** The sources of a space among `ids` (others, and ids that are no uuid, are left out). */
export async function findSources(db: Queryable, spaceId: string, ids: string[]): Promise<SourceRow[]> {
  const wanted = ids.filter(isUuid)
  if (wanted.length === 0) return []
  return db.query<SourceRow>(`SELECT ${COLUMNS} FROM sources WHERE space_id = $1 AND id = ANY($2::uuid[])`, [spaceId, wanted])
}

/** One source of a space, locked for a change when `lock` is set. */
export async function findSource(db: Queryable, spaceId: string, id: string, lock = false): Promise<SourceRow | null> {
  if (!isUuid(id)) return null
  const rows = await db.query<SourceRow>(
    `SELECT ${COLUMNS} FROM sources WHERE space_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [spaceId, id])
  return rows[0] ?? null
}

/** Adds sources to a space in one statement, keeping their order; returns them with their ids. */
export async function insertSources(db: Queryable, spaceId: string, items: CslItem[]): Promise<SourceRow[]> {
  if (items.length === 0) return []
  // One timestamp for the batch: the ordinality keeps the import's order among equal times.
  return db.query<SourceRow>(
    `INSERT INTO sources (space_id, csl, created_at)
     SELECT $1, item, now() + (n * interval '1 microsecond')
     FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(item, n)
     ORDER BY n
     RETURNING ${COLUMNS}`, [spaceId, JSON.stringify(items)])
}

/** Replaces a source's CSL-JSON item; null when it is not in the space. */
export async function updateSource(db: Queryable, spaceId: string, id: string, csl: CslItem): Promise<SourceRow | null> {
  if (!isUuid(id)) return null
  const rows = await db.query<SourceRow>(
    `UPDATE sources SET csl = $3::jsonb, updated_at = now() WHERE space_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [spaceId, id, JSON.stringify(csl)])
  return rows[0] ?? null
}

/** Deletes a source of a space. */
export async function deleteSource(db: Queryable, spaceId: string, id: string): Promise<void> {
  await db.query('DELETE FROM sources WHERE space_id = $1 AND id = $2', [spaceId, id])
}

/** The citation style a space picked, or null (the default). */
export async function readSourceStyle(db: Queryable, spaceId: string): Promise<string | null> {
  const rows = await db.query<{ style: string }>('SELECT style FROM source_styles WHERE space_id = $1', [spaceId])
  return rows[0]?.style ?? null
}

/** Sets a space's citation style. */
export async function writeSourceStyle(db: Queryable, spaceId: string, style: string): Promise<void> {
  await db.query(
    `INSERT INTO source_styles (space_id, style) VALUES ($1, $2)
     ON CONFLICT (space_id) DO UPDATE SET style = EXCLUDED.style`, [spaceId, style])
}
