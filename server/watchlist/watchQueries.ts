import type { Queryable } from '../core/db/Db.ts'

// Writes of the watchlist's own tables (migrations/0020_watchlist.sql); the reads that join
// pages and revisions are in watchlistQueries.ts.

/** Watches a page (`watching`) or chooses not to, even if its space is watched or one edited it. */
export async function setPageWatch(db: Queryable, userId: string, pageId: string, watching: boolean): Promise<void> {
  await db.query(
    `INSERT INTO page_watches (user_id, page_id, watching) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, page_id) DO UPDATE SET watching = EXCLUDED.watching, created_at = now()`,
    [userId, pageId, watching])
}

/** Watches a whole space, or stops. */
export async function setSpaceWatch(db: Queryable, userId: string, spaceId: string, watching: boolean): Promise<void> {
  if (watching) {
    await db.query('INSERT INTO space_watches (user_id, space_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, spaceId])
  } else {
    await db.query('DELETE FROM space_watches WHERE user_id = $1 AND space_id = $2', [userId, spaceId])
  }
}

/** Whether the user watches the space. */
export async function isWatchingSpace(db: Queryable, userId: string, spaceId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM space_watches WHERE user_id = $1 AND space_id = $2', [userId, spaceId])).length > 0
}

/** Records that the user has the page in front of them now. */
export async function recordVisit(db: Queryable, userId: string, pageId: string): Promise<void> {
  await db.query(
    `INSERT INTO page_visits (user_id, page_id) VALUES ($1, $2)
     ON CONFLICT (user_id, page_id) DO UPDATE SET visited_at = now()`, [userId, pageId])
}

/** A user's watchlist settings (no row: the defaults). */
export interface WatchSettings {
  /** Pages they create or edit are watched (on unless turned off). */
  autoWatch: boolean
  /** Others' changes to their watched pages reach their notification inbox (off unless turned on). */
  notifyChanges: boolean
}

/** The user's watchlist settings. */
export async function readWatchSettings(db: Queryable, userId: string): Promise<WatchSettings> {
  const rows = await db.query<WatchSettings>(
    'SELECT auto_watch AS "autoWatch", notify_changes AS "notifyChanges" FROM watch_settings WHERE user_id = $1', [userId])
  return rows[0] ?? { autoWatch: true, notifyChanges: false }
}

/** Changes the settings given, keeping the others; resolves to all of them. */
export async function writeWatchSettings(db: Queryable, userId: string, change: Partial<WatchSettings>): Promise<WatchSettings> {
  const rows = await db.query<WatchSettings>(
    `INSERT INTO watch_settings (user_id, auto_watch, notify_changes) VALUES ($1, coalesce($2, true), coalesce($3, false))
     ON CONFLICT (user_id) DO UPDATE SET auto_watch = coalesce($2, watch_settings.auto_watch),
       notify_changes = coalesce($3, watch_settings.notify_changes), updated_at = now()
     RETURNING auto_watch AS "autoWatch", notify_changes AS "notifyChanges"`,
    [userId, change.autoWatch ?? null, change.notifyChanges ?? null])
  return rows[0]!
}
