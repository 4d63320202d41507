/**
 * The script that brings a lent test database back to the migrated template's state: every table
 * but the migrations' record emptied (no migration inserts rows), sequences restarted, session
 * advisory locks let go. Rows are deleted, with foreign-key triggers off so that the order does
 * not matter: TRUNCATE gives every table and index a new file (about 90 ms on PGlite's file
 * system, a checkpoint's worth of files on a server), where deleting the few rows a test wrote
 * takes a few. The dead rows this leaves are why the pools lend a database a bounded number of
 * times. `query` reads the database's catalogue; the script is the same for every database
 * migrated alike.
 */
export async function emptyingScript(query: <Row>(sql: string) => Promise<Row[]>): Promise<string> {
  const tables = await query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`)
  const sequences = await query<{ name: string; start: string }>(
    `SELECT quote_literal(quote_ident(sequencename)) AS name, start_value::text AS start FROM pg_sequences WHERE schemaname = 'public'`)
  return [
    'BEGIN',
    'SET LOCAL session_replication_role = replica',
    ...tables.map((t) => `DELETE FROM ${t.name}`),
    ...sequences.map((q) => `SELECT setval(${q.name}, ${q.start}, false)`),
    'COMMIT',
    'SELECT pg_advisory_unlock_all()',
  ].join(';\n')
}
