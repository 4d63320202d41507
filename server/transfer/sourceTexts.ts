import type { Db } from '../core/db/Db.ts'
import { formatSources } from '../citations/formatSources.ts'
import { sourceStyleOf } from '../citations/sourceCommands.ts'
import { listSources } from '../citations/sourceQueries.ts'

/**
 * The sources of a space formatted as text in its citation style, by id: what a citation's
 * footnote says in a Markdown export, and what an import matches footnotes against.
 */
export async function sourceTexts(db: Db, spaceId: string): Promise<Map<string, string>> {
  const rows = await listSources(db, spaceId)
  if (rows.length === 0) return new Map()
  const style = await sourceStyleOf(db, spaceId)
  const entries = formatSources(rows, rows.map((row) => row.id), style)
  return new Map(entries.filter((entry) => !entry.missing && entry.text).map((entry) => [entry.id, entry.text.replace(/\s+/gu, ' ').trim()]))
}
