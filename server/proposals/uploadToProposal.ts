import type { AttachmentRow } from '../attachments/attachmentQueries.ts'
import { storeUpload } from '../attachments/uploadAttachment.ts'
import type { Actor } from '../core/Actor.ts'
import { forbidden } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'

/**
 * Attaches a file for a proposal's text: its writers (author, co-editors) may add images and
 * files to it while it is open, even without the right to edit the page, as long as they are
 * members of the space (viewers included). A stranger proposing on a public space may not: the
 * space's storage quota is its members' to spend. The file belongs to the page, readable by its
 * readers like the proposal; a proposal declined leaves it unused, as a deleted image does.
 */
export async function uploadToProposal(services: Services, actor: Actor, proposalId: string, request: Request): Promise<{ attachment: AttachmentRow; created: boolean }> {
  const { proposal, spaceAbilities } = await authorizeProposal(services.db, actor, proposalId, 'edit')
  if (!spaceAbilities.comment) throw forbidden('Only members of this space can add images and files to a proposal.')
  return storeUpload(services, actor, { id: proposal.pageId, spaceId: proposal.spaceId }, request)
}
