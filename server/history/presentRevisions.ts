import type { ApiRevision, ApiRevisionRef } from '../../shared/historyTypes.ts'
import { usernamesByIds } from '../accounts/userQueries.ts'
import type { Queryable } from '../db/Db.ts'
import { readRevisionAuthors, revisionNumbers, type RevisionRow } from './revisionQueries.ts'

/** Revisions as the API shows them, with their authors and the users and revisions they refer to. */
export async function presentRevisions(db: Queryable, rows: RevisionRow[]): Promise<ApiRevision[]> {
  const [authors, names, restored] = await Promise.all([
    readRevisionAuthors(db, rows.map((r) => r.id)),
    usernamesByIds(db, [...new Set(rows.flatMap((r) => (r.createdBy ? [r.createdBy] : [])))]),
    revisionNumbers(db, rows.flatMap((r) => (r.restoredFrom ? [r.restoredFrom] : []))),
  ])
  return rows.map((r) => ({
    id: r.id,
    pageId: r.pageId,
    number: r.number,
    kind: r.kind,
    name: r.name,
    summary: r.summary,
    title: r.title,
    startedAt: r.startedAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    authors: authors.get(r.id) ?? [],
    createdBy: r.createdBy && names.has(r.createdBy) ? { id: r.createdBy, username: names.get(r.createdBy)! } : null,
    restoredFrom: r.restoredFrom && restored.has(r.restoredFrom) ? { id: r.restoredFrom, number: restored.get(r.restoredFrom)! } : null,
    chars: r.chars,
    words: r.words,
    charsAdded: r.charsAdded,
    charsRemoved: r.charsRemoved,
    wordsAdded: r.wordsAdded,
    wordsRemoved: r.wordsRemoved,
    blocksChanged: r.blocksChanged,
    charsFormatted: r.charsFormatted,
  }))
}

/** One revision as the API shows it. */
export async function presentRevision(db: Queryable, row: RevisionRow): Promise<ApiRevision> {
  return (await presentRevisions(db, [row]))[0]
}

/** Short references to revisions, for hover details in diff and blame. */
export function revisionRefs(rows: RevisionRow[]): ApiRevisionRef[] {
  return rows.map((r) => ({ id: r.id, number: r.number, createdAt: r.createdAt.toISOString(), name: r.name, summary: r.summary }))
}
