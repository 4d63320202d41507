import type { Actor } from '../core/Actor.ts'
import { invalidInput } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizePage } from '../policies/authorize.ts'
import { mentionedMembers } from './mentionedMembers.ts'
import { anchorQuote, decodeAnchor, encodeAnchor, MAX_QUOTE_LENGTH, passageText, type PassageAnchor } from './passageAnchor.ts'
import { readLiveDocument } from './readLiveDocument.ts'
import { insertComment, insertThread, insertThreadEvent, type ThreadRow } from './threadQueries.ts'
import { insertNotifications } from './notificationQueries.ts'

/** What opens a thread: its first comment and, for a passage, a quote or the editor's anchor. */
export interface OpenThreadInput {
  body: string
  quote?: string
  anchor?: { start: string; end: string }
}

/**
 * Opens a thread on a page (members only, viewers included) with its first comment. With a
 * `quote` the thread is anchored to the first occurrence of that text in the live document;
 * with an `anchor` (relative positions from the editor) to that passage, whose current words
 * become the quote; with neither it is about the whole page. Mentioned members are notified.
 */
export async function openThread(services: Services, actor: Actor, pageId: string, input: OpenThreadInput): Promise<ThreadRow> {
  const { db } = services
  const { page } = await authorizePage(db, actor, pageId, 'comment')
  const anchored = await anchorFor(services, page.id, input)
  const mentioned = await mentionedMembers(db, page.spaceId, input.body)
  const thread = await db.transaction(async (tx) => {
    const row = await insertThread(tx, {
      pageId: page.id, authorId: actor.userId!, quote: anchored?.quote ?? null,
      anchorStart: anchored?.bytes.start ?? null, anchorEnd: anchored?.bytes.end ?? null,
    })
    const comment = await insertComment(tx, { threadId: row.id, authorId: actor.userId!, body: input.body })
    await insertThreadEvent(tx, { pageId: page.id, threadId: row.id, kind: 'opened', actorId: actor.userId! })
    const others = mentioned.filter((id) => id !== actor.userId)
    await insertNotifications(tx, 'mention', others, { pageId: page.id, threadId: row.id, commentId: comment.id, actorId: actor.userId! })
    return { row, others }
  })
  services.events.emit('threadsChanged', { pageId: page.id, spaceId: page.spaceId })
  if (thread.others.length > 0) services.events.emit('notificationsChanged', { userIds: thread.others })
  return thread.row
}

async function anchorFor(services: Services, pageId: string, input: OpenThreadInput) {
  if (input.quote === undefined && input.anchor === undefined) return null
  const doc = await readLiveDocument(services, pageId)
  let anchor: PassageAnchor | null
  if (input.quote !== undefined) {
    anchor = anchorQuote(doc, input.quote)
    if (!anchor) throw invalidInput('quote: That text is not on the page (a quote is looked for within one paragraph).', 'quote_not_found')
  } else {
    anchor = decodeAnchor(Buffer.from(input.anchor!.start, 'base64'), Buffer.from(input.anchor!.end, 'base64'))
    if (!anchor) throw invalidInput('anchor: These are not positions in the page.', 'anchor_not_found')
  }
  const text = passageText(doc, anchor)
  if (text.trim() === '') throw invalidInput('anchor: That passage is no longer on the page.', 'anchor_not_found')
  return { quote: text.slice(0, MAX_QUOTE_LENGTH), bytes: encodeAnchor(anchor) }
}
