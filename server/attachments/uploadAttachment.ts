import { randomBytes } from 'node:crypto'
import type { Actor } from '../core/Actor.ts'
import { unauthenticated } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizePage } from '../policies/authorize.ts'
import { findAttachmentBySource, type AttachmentRow } from './attachmentQueries.ts'
import { prepareAttachment } from './prepareAttachment.ts'
import { fileTooLarge, receiveUpload } from './receiveUpload.ts'
import { storeAttachment } from './storeAttachment.ts'

/** What multipart framing may add to a file (boundaries, part headers). */
const MULTIPART_OVERHEAD = 64 * 1024

/** Attaches a file to a page, for its editors. */
export async function uploadAttachment(services: Services, actor: Actor, pageId: string, request: Request): Promise<{ attachment: AttachmentRow; created: boolean }> {
  const { page } = await authorizePage(services.db, actor, pageId, 'edit')
  return storeUpload(services, actor, page, request)
}

/**
 * Attaches a file to `page`, for a caller already authorized to add it (an editor of the page,
 * or the writer of a proposal to it): streams it to a temporary file, decides its type from its
 * bytes, re-encodes images, checks the space's quota, and stores each blob once by its SHA-256.
 * The same file uploaded to the same page again is the same attachment. Nothing is stored when
 * any step refuses it.
 */
export async function storeUpload(
  services: Services, actor: Actor, page: { id: string; spaceId: string }, request: Request,
): Promise<{ attachment: AttachmentRow; created: boolean }> {
  if (!actor.userId) throw unauthenticated()
  const { maxUploadBytes, quotaBytes } = services.config.attachments
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > maxUploadBytes + MULTIPART_OVERHEAD) throw fileTooLarge(maxUploadBytes)
  const upload = await receiveUpload(request, maxUploadBytes)
  try {
    const existing = await findAttachmentBySource(services.db, page.id, upload.sha256)
    if (existing) return { attachment: existing, created: false }
    const prepared = await prepareAttachment(upload.path, upload.size, upload.sha256)
    const attachment: AttachmentRow = {
      id: randomBytes(24).toString('base64url'), pageId: page.id, spaceId: page.spaceId, name: upload.name.slice(0, 255),
      kind: prepared.kind, contentType: prepared.contentType, width: prepared.width, height: prepared.height, createdAt: new Date(),
    }
    await services.db.transaction((tx) => storeAttachment(tx, { ...attachment, sourceSha256: upload.sha256, createdBy: actor.userId! }, prepared.blobs, quotaBytes))
    return { attachment, created: true }
  } finally {
    await upload.discard()
  }
}
