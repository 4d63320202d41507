import { AppError } from '../core/AppError.ts'
import type { Queryable } from '../core/db/Db.ts'
import { insertAttachment, insertBlob, lockSpaceAttachments, spaceUsage, type AttachmentRow } from './attachmentQueries.ts'
import type { PendingBlob } from './prepareAttachment.ts'

function quotaExceeded(quota: number, used: number): AppError {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1)
  return new AppError(413, 'quota_exceeded', `This space's attachments would pass its quota of ${mib(quota)} MiB (${mib(used)} MiB used). Remove unused files or ask the site's administrator for more room.`)
}

/**
 * Stores an attachment and its blobs in the transaction `tx` (each blob once by its SHA-256),
 * after checking the space's quota under its lock: 413 `quota_exceeded`, nothing stored, when
 * the space would pass `quotaBytes`.
 */
export async function storeAttachment(
  tx: Queryable, attachment: AttachmentRow & { sourceSha256: string; createdBy: string }, blobs: PendingBlob[], quotaBytes: number,
): Promise<void> {
  await lockSpaceAttachments(tx, attachment.spaceId)
  const used = await spaceUsage(tx, attachment.spaceId)
  const adding = blobs.reduce((sum, blob) => sum + blob.size, 0)
  if (used + adding > quotaBytes) throw quotaExceeded(quotaBytes, used)
  for (const blob of blobs) await insertBlob(tx, blob.sha256, blob.size, blob.chunks)
  await insertAttachment(tx, attachment, blobs)
}
