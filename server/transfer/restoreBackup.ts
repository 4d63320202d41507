import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import type { Db } from '../core/db/Db.ts'
import { migrate, migrationFiles } from '../core/db/migrate.ts'
import { conflict, invalidInput } from '../core/AppError.ts'
import { quote, readBackupCatalog, type BackupTable } from './backupCatalog.ts'
import { BACKUP_FORMAT, type BackupHeader, type Progress } from './writeBackup.ts'

/**
 * Restores a backup file into an empty database (no accounts, no spaces): brings its schema
 * to the backup's migrations, inserts every row in one transaction — all or nothing — resets
 * the sequences, then applies any newer migrations this build has. Refuses a backup from a
 * newer schema (a migration this build does not know) and a database that holds content.
 */
export async function restoreBackup(db: Db, file: string, options: { onProgress?: Progress } = {}): Promise<BackupHeader> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]()
  const first = await lines.next()
  let header: BackupHeader
  try {
    header = JSON.parse(String(first.value ?? '')) as BackupHeader
  } catch {
    throw invalidInput('That is not a Palimpsest backup (its first line is not a backup header).', 'invalid_backup')
  }
  if (header.format !== BACKUP_FORMAT.format) throw invalidInput('That is not a Palimpsest backup.', 'invalid_backup')
  if (header.version !== BACKUP_FORMAT.version) throw invalidInput(`This build reads backups of version ${BACKUP_FORMAT.version}; this one is version ${header.version}.`, 'invalid_backup')
  const known = new Set(migrationFiles().map((m) => m.name))
  const unknown = header.migrations.filter((name) => !known.has(name))
  if (unknown.length) {
    throw invalidInput(`The backup comes from a newer version of Palimpsest (schema ${unknown.join(', ')}); upgrade this one first.`, 'newer_schema')
  }

  await migrate(db, new Set(header.migrations))
  const total = Object.values(header.tables).reduce((sum, n) => sum + n, 0)
  await db.transaction(async (tx) => {
    const [{ n }] = await tx.query<{ n: number }>('SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM spaces) AS n')
    if (Number(n) > 0) throw conflict('The database already holds accounts or spaces; restore into an empty one (start it with SEED=false, or restore before the first start).', 'not_empty')
    const catalog = new Map((await readBackupCatalog(tx)).map((table) => [table.name, table]))
    let done = 0
    const laterReferences: { table: BackupTable; columns: string[]; rows: Record<string, unknown>[] }[] = []
    for (let line = await lines.next(); !line.done; line = await lines.next()) {
      if (!line.value.trim()) continue
      const chunk = JSON.parse(line.value) as { table: string; rows: Record<string, unknown>[] }
      const table = catalog.get(chunk.table)
      if (!table) throw invalidInput(`The backup has a table this database lacks (${chunk.table}).`, 'invalid_backup')
      // A row may reference a later row of its own table (a page under a page): those columns are set once all are in.
      const selfColumns = table.references.filter((ref) => ref.table === table.name).map((ref) => ref.column)
      const rows = selfColumns.length ? chunk.rows.map((row) => ({ ...row, ...Object.fromEntries(selfColumns.map((c) => [c, null])) })) : chunk.rows
      const columns = table.columns.map(quote).join(', ')
      await tx.query(`INSERT INTO ${quote(table.name)} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${quote(table.name)}, $1::jsonb)`, [JSON.stringify(rows)])
      if (selfColumns.length) laterReferences.push({ table, columns: selfColumns, rows: chunk.rows })
      done += chunk.rows.length
      options.onProgress?.(done, total, table.name)
    }
    for (const { table, columns, rows } of laterReferences) {
      const key = table.primaryKey.map((c) => `t.${quote(c)} = x.${quote(c)}`).join(' AND ')
      const set = columns.map((c) => `${quote(c)} = x.${quote(c)}`).join(', ')
      await tx.query(`UPDATE ${quote(table.name)} t SET ${set} FROM jsonb_populate_recordset(NULL::${quote(table.name)}, $1::jsonb) x WHERE ${key}`, [JSON.stringify(rows)])
    }
    for (const table of catalog.values()) {
      for (const column of table.serials) {
        await tx.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(column)}) FROM ${quote(table.name)}), 0) + 1, false)`, [table.name, column])
      }
    }
  })
  await migrate(db)
  return header
}
