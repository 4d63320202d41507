import type { RevisionKind } from '../../shared/historyTypes.ts'
import { EventEmitter } from 'node:events'

/** What happened in the domain, for the parts that react to it (links, search, revocation). */
export interface DomainEventMap {
  /** A page was created (its title may turn red links blue). */
  pageCreated: [{ pageId: string; spaceId: string; title: string }]
  /** A page was renamed. */
  pageRenamed: [{ pageId: string; spaceId: string; oldTitle: string; title: string }]
  /** A page moved in its space's tree (another parent or place among its siblings). */
  pageMoved: [{ pageId: string; spaceId: string }]
  /** A page's own wiki links changed (the map of its space changed). */
  linksChanged: [{ pageId: string; spaceId: string }]
  /** A page was deleted. */
  pageDeleted: [{ pageId: string; spaceId: string; title: string }]
  /** A user's role in a space changed or they were removed (role null). */
  membershipChanged: [{ spaceId: string; userId: string; role: string | null }]
  /** A space's visibility changed. */
  spaceChanged: [{ spaceId: string }]
  /** A revision of a page was cut (once per revision, on the instance that cut it); `authorIds` wrote in it. */
  revisionCut: [{ pageId: string; spaceId: string; revisionId: string; kind: RevisionKind; authorIds: string[] }]
  /** An existing revision was given a name (naming a version when nothing changed since the last revision). */
  revisionNamed: [{ pageId: string; spaceId: string; revisionId: string }]
  /** A thread of a page (or of a proposal to it: `proposalId`) was opened, answered, edited, resolved, reopened or deleted (its readers refetch). */
  threadsChanged: [{ pageId: string; spaceId: string; proposalId?: string | null }]
  /** These users' notification inboxes changed (their open tabs refetch). */
  notificationsChanged: [{ userIds: string[] }]
  /** A proposal to a page was opened (the page's readers see one more open proposal). */
  proposalOpened: [{ proposalId: string; pageId: string; spaceId: string }]
  /** A proposal was merged or declined (its branch turns read-only for everyone). */
  proposalClosed: [{ proposalId: string; pageId: string; spaceId: string }]
  /** A proposal's title, discussion or co-editors changed (its readers and its space's list refetch). */
  proposalChanged: [{ proposalId: string; pageId: string; spaceId: string }]
  /** A user was invited to co-edit a proposal, or no longer co-edits it (their connections to its branch are re-checked). */
  proposalWritersChanged: [{ proposalId: string; spaceId: string; userId: string }]
  /** A session was signed out (its open connections close). */
  sessionEnded: [{ sessionId: string; userId: string }]
}

/** A typed, in-process event bus. Listeners must not throw; errors are theirs to log. */
export class DomainEvents extends EventEmitter<DomainEventMap> {
  constructor() {
    super({ captureRejections: false })
    this.setMaxListeners(50)
  }
}
