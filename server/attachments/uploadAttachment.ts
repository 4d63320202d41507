import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Actor } from '../core/Actor.ts'
import { AppError, unauthenticated } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { authorizePage } from '../policies/authorize.ts'
import {
  findAttachmentBySource, insertAttachment, insertBlob, lockSpaceAttachments, spaceUsage, type AttachmentRow,
} from './attachmentQueries.ts'
import { encodeImage } from './encodeImage.ts'
import { inspectFile } from './inspectFile.ts'
import { fileTooLarge, receiveUpload } from './receiveUpload.ts'

/** Bytes per stored chunk: a blob is written and read in pieces of this size. */
export const CHUNK_BYTES = 256 * 1024

/** What multipart framing may add to a file (boundaries, part headers). */
const MULTIPART_OVERHEAD = 64 * 1024

/** A stored blob to be: its bytes as chunks, read only if the blob is new. */
interface PendingBlob {
  contentType: string
  width: number
  sha256: string
  size: number
  chunks: () => AsyncIterable<Uint8Array>
}

async function* sliced(bytes: Buffer): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES)
}

function quotaExceeded(quota: number, used: number): AppError {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1)
  return new AppError(413, 'quota_exceeded', `This space's attachments would pass its quota of ${mib(quota)} MiB (${mib(used)} MiB used). Remove unused files or ask the site's administrator for more room.`)
}

/**
 * Attaches a file to a page (editors only): streams it to a temporary file, decides its type
 * from its bytes, re-encodes images, checks the space's quota, and stores each blob once by its
 * SHA-256. The same file uploaded to the same page again is the same attachment. Nothing is
 * stored when any step refuses it.
 */
export async function uploadAttachment(services: Services, actor: Actor, pageId: string, request: Request): Promise<{ attachment: AttachmentRow; created: boolean }> {
  const { page } = await authorizePage(services.db, actor, pageId, 'edit')
  if (!actor.userId) throw unauthenticated()
  const { maxUploadBytes, quotaBytes } = services.config.attachments
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > maxUploadBytes + MULTIPART_OVERHEAD) throw fileTooLarge(maxUploadBytes)
  const upload = await receiveUpload(request, maxUploadBytes)
  try {
    const existing = await findAttachmentBySource(services.db, page.id, upload.sha256)
    if (existing) return { attachment: existing, created: false }
    const inspected = await inspectFile(upload.path, upload.size)
    let blobs: PendingBlob[]
    let dimensions: { width: number | null; height: number | null } = { width: null, height: null }
    let contentType = inspected.contentType
    if (inspected.kind === 'image') {
      const image = await encodeImage(upload.path, inspected.contentType)
      contentType = image.contentType
      dimensions = { width: image.width, height: image.height }
      blobs = image.variants.map((v) => ({ contentType: v.contentType, width: v.width, sha256: v.sha256, size: v.bytes.length, chunks: () => sliced(v.bytes) }))
    } else {
      blobs = [{ contentType, width: 0, sha256: upload.sha256, size: upload.size, chunks: () => createReadStream(upload.path, { highWaterMark: CHUNK_BYTES }) }]
    }
    const attachment: AttachmentRow = {
      id: randomBytes(24).toString('base64url'), pageId: page.id, spaceId: page.spaceId, name: upload.name.slice(0, 255),
      kind: inspected.kind, contentType, ...dimensions, createdAt: new Date(),
    }
    await services.db.transaction(async (tx) => {
      await lockSpaceAttachments(tx, page.spaceId)
      const used = await spaceUsage(tx, page.spaceId)
      const adding = blobs.reduce((sum, blob) => sum + blob.size, 0)
      if (used + adding > quotaBytes) throw quotaExceeded(quotaBytes, used)
      for (const blob of blobs) await insertBlob(tx, blob.sha256, blob.size, blob.chunks)
      await insertAttachment(tx, { ...attachment, sourceSha256: upload.sha256, createdBy: actor.userId! }, blobs)
    })
    return { attachment, created: true }
  } finally {
    await upload.discard()
  }
}
