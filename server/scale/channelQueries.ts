import type { Queryable } from '../core/db/Db.ts'

/** Sends a Postgres NOTIFY on `channel` (payloads must stay under 8000 bytes). */
export async function notifyChannel(db: Queryable, channel: string, payload: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [channel, payload])
}
