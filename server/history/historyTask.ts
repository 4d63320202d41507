import type { Db } from '../core/db/Db.ts'
import type { Logger } from '../core/logger.ts'
import type { Services } from '../core/Services.ts'
import { blamePage, diffPage } from './comparePage.ts'
import { readRevisionContent } from './readRevisionContent.ts'
import type { RevisionRow } from './revisionQueries.ts'

/** One expensive history answer to compute: it rebuilds the page's whole document. */
export type HistoryTask =
  | { kind: 'diff'; pageId: string; from: RevisionRow | null; to: RevisionRow | null }
  | { kind: 'blame'; pageId: string; revision: RevisionRow | null }
  | { kind: 'content'; revision: RevisionRow }

/** Computes a history task as JSON text, with nothing but a database and a logger (so a worker thread can). */
export async function runHistoryTask(db: Db, logger: Logger, task: HistoryTask): Promise<string> {
  const services = { db, logger } as Services
  if (task.kind === 'diff') return JSON.stringify(await diffPage(services, task.pageId, task.from, task.to))
  if (task.kind === 'blame') return JSON.stringify(await blamePage(services, task.pageId, task.revision))
  return JSON.stringify(await readRevisionContent(services, task.revision))
}
