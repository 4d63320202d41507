import type { ApiAnnotatedDocument, ApiAnnotatedNode } from '../../shared/historyTypes.ts'
import { usernamesByIds } from '../accounts/userQueries.ts'
import type { Queryable } from '../db/Db.ts'
import { revisionRefs } from './presentRevisions.ts'
import { listRevisionsByNumber } from './revisionQueries.ts'

/** Wraps annotated content with the users and revisions it mentions, so a client can show names and dates. */
export async function withReferences(db: Queryable, pageId: string, content: ApiAnnotatedNode[]): Promise<ApiAnnotatedDocument> {
  const userIds = new Set<string>()
  const numbers = new Set<number>()
  const visit = (nodes: ApiAnnotatedNode[]) => {
    for (const node of nodes) {
      if (node.author) userIds.add(node.author)
      if (node.writtenBy) userIds.add(node.writtenBy)
      if (node.formattedBy) userIds.add(node.formattedBy)
      if (node.copiedFrom) userIds.add(node.copiedFrom)
      if (typeof node.revision === 'number') numbers.add(node.revision)
      if (node.content) visit(node.content)
    }
  }
  visit(content)
  const [names, revisions] = await Promise.all([usernamesByIds(db, [...userIds]), listRevisionsByNumber(db, pageId, [...numbers])])
  return {
    content,
    users: [...names].map(([id, username]) => ({ id, username })).sort((a, b) => a.username.localeCompare(b.username)),
    revisions: revisionRefs(revisions),
  }
}
