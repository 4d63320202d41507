import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { createGzip } from 'node:zlib'
import type { Db } from '../core/db/Db.ts'
import { notFound } from '../core/AppError.ts'
import { quote, readBackupCatalog, spaceSelection } from './backupCatalog.ts'

/** The first line of a backup file (docs/TRANSFER.md, "Backup and restore"). */
export interface BackupHeader {
  format: 'palimpsest-backup'
  version: 1
  /** The migrations the backed-up database had: a restore refuses a backup from a newer schema. */
  migrations: string[]
  createdAt: string
  /** The one space backed up (`--space`), or null for everything. */
  space: string | null
  /** Rows per table, in restore order. */
  tables: Record<string, number>
}

export const BACKUP_FORMAT = { format: 'palimpsest-backup', version: 1 } as const

/** Rows read and written at a time. */
const BATCH = 500

/** Told how far a backup or restore is: rows done of the total. */
export type Progress = (done: number, total: number, table: string) => void

/**
 * Writes a backup of the database (or of one space, by slug) to `file`: gzipped JSON lines, a
 * header then the rows of every table, each row as Postgres's own `to_jsonb` (bytea as hex),
 * so every page's complete Yjs state and update log, revisions, named versions, authors,
 * client-id bindings, carried text, aliases, links, accounts (password hashes) and
 * memberships are copied byte for byte. Reads one consistent snapshot, so it may run
 * while the server serves (on Postgres; PGlite allows one process at a time).
 */
export async function writeBackup(db: Db, file: string, options: { space?: string; onProgress?: Progress } = {}): Promise<BackupHeader> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
    let spaceId: string | null = null
    if (options.space) {
      const [space] = await tx.query<{ id: string }>('SELECT id FROM spaces WHERE slug = $1', [options.space])
      if (!space) throw notFound(`A space with the slug “${options.space}”`)
      spaceId = space.id
    }
    const catalog = await readBackupCatalog(tx)
    const plans = []
    for (const table of catalog) {
      const selection = spaceId ? spaceSelection(table, catalog) : { where: 'true', json: `to_jsonb(${quote(table.name)})` }
      if (!selection) continue
      const params = spaceId ? [spaceId] : []
      const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table.name)} WHERE ${selection.where}`, params)
      plans.push({ table, selection, params, rows: Number(n) })
    }
    const migrations = (await tx.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((row) => row.name)
    const header: BackupHeader = {
      ...BACKUP_FORMAT, migrations, createdAt: new Date().toISOString(), space: options.space ?? null,
      tables: Object.fromEntries(plans.map((plan) => [plan.table.name, plan.rows])),
    }

    const gzip = createGzip()
    const out = createWriteStream(file)
    gzip.pipe(out)
    const write = async (line: unknown) => {
      if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain')
    }
    await write(header)
    const total = plans.reduce((sum, plan) => sum + plan.rows, 0)
    let done = 0
    for (const { table, selection, params, rows } of plans) {
      const order = (table.primaryKey.length ? table.primaryKey : table.columns).map(quote).join(', ')
      for (let offset = 0; offset < rows; offset += BATCH) {
        const batch = await tx.query<{ row: unknown }>(
          `SELECT ${selection.json} AS row FROM ${quote(table.name)} WHERE ${selection.where} ORDER BY ${order} LIMIT ${BATCH} OFFSET ${offset}`, params)
        await write({ table: table.name, rows: batch.map((r) => r.row) })
        done += batch.length
        options.onProgress?.(done, total, table.name)
      }
      if (rows === 0) options.onProgress?.(done, total, table.name)
    }
    gzip.end()
    await once(out, 'close')
    return header
  })
}
