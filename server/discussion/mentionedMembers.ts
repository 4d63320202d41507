import { findMentions } from '../../shared/mentions.ts'
import { invalidInput } from '../core/AppError.ts'
import type { Queryable } from '../core/db/Db.ts'
import { listMembers } from '../spaces/spaceQueries.ts'

/**
 * The ids of the members of a space a comment mentions (`@name`). A mention of anyone who is
 * not a member is refused with a 400 naming them: they could not read the thread.
 */
export async function mentionedMembers(db: Queryable, spaceId: string, body: string): Promise<string[]> {
  const names = findMentions(body)
  if (names.length === 0) return []
  const members = new Map((await listMembers(db, spaceId)).map((m) => [m.username.normalize('NFC').toLowerCase(), m.userId]))
  const strangers = names.filter((name) => !members.has(name.normalize('NFC').toLowerCase()))
  if (strangers.length > 0) {
    const list = strangers.map((name) => `@${name}`).join(', ')
    throw invalidInput(`body: ${list} ${strangers.length === 1 ? 'is not a member' : 'are not members'} of this space, so cannot be mentioned.`, 'mention_not_member')
  }
  return [...new Set(names.map((name) => members.get(name.normalize('NFC').toLowerCase())!))]
}
