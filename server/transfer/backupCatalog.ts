import type { Queryable } from '../core/db/Db.ts'

/** One table a backup carries: its columns, key, references and serial columns. */
export interface BackupTable {
  name: string
  /** Stored columns (generated ones are left to the database). */
  columns: string[]
  primaryKey: string[]
  /** Single-column foreign keys. */
  references: { column: string; table: string; refColumn: string }[]
  /** Columns filled from a sequence, reset after a restore. */
  serials: string[]
  /** Columns that cannot be null. */
  required: string[]
}

/**
 * Tables a backup never carries: the migration record (checked instead), sessions (sign in again
 * after a move), and the page counts triggers keep (rebuilt as the pages go back in).
 */
const LEFT_OUT = new Set(['schema_migrations', 'sessions', 'space_page_counts'])

/**
 * Every table of the public schema, read from the catalog (so tables later features add are
 * carried too), ordered so that each comes after the tables it references.
 */
export async function readBackupCatalog(db: Queryable): Promise<BackupTable[]> {
  const tables = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`)
  const columns = await db.query<{ table: string; column: string; generated: string; serial: boolean; required: boolean }>(
    `SELECT c.relname AS table, a.attname AS column, a.attgenerated::text AS generated, a.attnotnull AS required,
            (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS serial
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`)
  const keys = await db.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisprimary ORDER BY c.relname, k.ord`)
  const foreign = await db.query<{ table: string; column: string | null; refTable: string; refColumn: string | null }>(
    `SELECT c.relname AS table, r.relname AS "refTable",
            CASE WHEN array_length(con.conkey, 1) = 1 THEN a.attname END AS column,
            CASE WHEN array_length(con.conkey, 1) = 1 THEN ra.attname END AS "refColumn"
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
      WHERE n.nspname = 'public' AND con.contype = 'f'`)
  const byName = new Map<string, BackupTable>()
  const dependsOn = new Map<string, Set<string>>()
  for (const { name } of tables) {
    if (LEFT_OUT.has(name)) continue
    byName.set(name, { name, columns: [], primaryKey: [], references: [], serials: [], required: [] })
    dependsOn.set(name, new Set())
  }
  for (const row of columns) {
    const table = byName.get(row.table)
    if (!table || row.generated) continue
    table.columns.push(row.column)
    if (row.serial) table.serials.push(row.column)
    if (row.required) table.required.push(row.column)
  }
  for (const row of keys) byName.get(row.table)?.primaryKey.push(row.column)
  for (const row of foreign) {
    const table = byName.get(row.table)
    if (!table) continue
    if (row.column && row.refColumn) table.references.push({ column: row.column, table: row.refTable, refColumn: row.refColumn })
    if (row.refTable !== row.table) dependsOn.get(row.table)!.add(row.refTable)
  }
  // Referenced tables first (a table's own rows that reference each other are handled by the restore).
  const ordered: BackupTable[] = []
  const placed = new Set<string>()
  const visit = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name) || !byName.has(name)) return
    path.add(name)
    for (const dependency of dependsOn.get(name)!) visit(dependency, path)
    path.delete(name)
    placed.add(name)
    ordered.push(byName.get(name)!)
  }
  for (const name of byName.keys()) visit(name, new Set())
  return ordered
}

/**
 * The WHERE clause that keeps the rows of `table` belonging to one space ($1 = its id), or
 * null when the table holds nothing of a space. Users are those any kept row references.
 */
export function spaceFilter(table: BackupTable, catalog: BackupTable[], seen: Set<string> = new Set()): string | null {
  if (table.name === 'spaces') return 'id = $1'
  if (table.name === 'users') {
    const sources = catalog.flatMap((other) => other.references
      .filter((ref) => ref.table === 'users' && other.name !== 'users')
      .map((ref) => {
        const filter = spaceFilter(other, catalog)
        return filter ? `SELECT ${quote(ref.column)} FROM ${quote(other.name)} WHERE ${filter}` : null
      })
      .filter((sql): sql is string => sql !== null))
    return sources.length ? `id IN (${sources.join(' UNION ')})` : 'false'
  }
  if (table.columns.includes('space_id')) return 'space_id = $1'
  if (seen.has(table.name)) return null
  seen.add(table.name)
  for (const ref of table.references) {
    if (ref.table === table.name || ref.table === 'users') continue
    const parent = catalog.find((other) => other.name === ref.table)
    const filter = parent ? spaceFilter(parent, catalog, seen) : null
    if (filter) return `${quote(ref.column)} IN (SELECT ${quote(ref.refColumn)} FROM ${quote(ref.table)} WHERE ${filter})`
  }
  return null
}

/** A quoted SQL identifier (names come from the catalog, never from input). */
export function quote(identifier: string): string {
  return `"${identifier.replace(/"/gu, '""')}"`
}

/**
 * How to read a table's rows for a backup of one space: which rows (`where`) and the JSON of
 * each (`json`). A reference to a row the backup leaves out (a link into another space) is
 * set to null, or the row is left out when the column cannot be null. Null when the table
 * holds nothing of the space.
 */
export function spaceSelection(table: BackupTable, catalog: BackupTable[]): { where: string; json: string } | null {
  const where = spaceFilter(table, catalog)
  if (!where) return null
  const conditions = [where]
  const cleared: string[] = []
  for (const ref of table.references) {
    if (ref.table === 'users' || ref.table === table.name) continue
    const target = catalog.find((other) => other.name === ref.table)
    const filter = target ? spaceFilter(target, catalog) : null
    if (!filter) continue
    const kept = `${quote(ref.column)} IN (SELECT ${quote(ref.refColumn)} FROM ${quote(ref.table)} WHERE ${filter})`
    if (table.required.includes(ref.column)) conditions.push(kept)
    else cleared.push(`'${ref.column.replace(/'/gu, "''")}', CASE WHEN ${kept} THEN ${quote(ref.column)} END`)
  }
  const row = `to_jsonb(${quote(table.name)})`
  return { where: conditions.join(' AND '), json: cleared.length ? `${row} || jsonb_build_object(${cleared.join(', ')})` : row }
}
