import type { Queryable } from '../core/db/Db.ts'

/** The edition of the seeded encyclopedia a space holds; 1 when none was recorded (seeded before editions were). */
export async function readSeedEdition(db: Queryable, spaceId: string): Promise<number> {
  const rows = await db.query<{ edition: number }>('SELECT edition FROM seed_editions WHERE space_id = $1', [spaceId])
  return rows[0]?.edition ?? 1
}

/** Records the edition a seeded space now holds. */
export async function writeSeedEdition(db: Queryable, spaceId: string, edition: number): Promise<void> {
  await db.query(
    `INSERT INTO seed_editions (space_id, edition) VALUES ($1, $2)
     ON CONFLICT (space_id) DO UPDATE SET edition = excluded.edition, updated_at = now()`,
    [spaceId, edition],
  )
}
