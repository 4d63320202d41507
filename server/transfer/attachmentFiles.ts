import { fileTypeFromBuffer } from 'file-type'
import { attachmentIdOf } from '../../shared/attachmentUrl.ts'
import { findAttachment, listVariants, readChunk } from '../attachments/attachmentQueries.ts'
import type { Queryable } from '../core/db/Db.ts'

/** Attachment bytes a space's zip carries at most; past them, images and files stay links to the wiki. */
export const MAX_EXPORTED_ATTACHMENT_BYTES = 256 * 1024 * 1024

/**
 * Collects the attachments a space's pages use as files of its zip, named by content
 * (`attachments/<sha256>.<ext>`, each stored once): the image's full-size variant as the
 * space serves it, or the file as uploaded. Only the space's own attachments are taken — a
 * page naming another space's attachment keeps a link to the wiki, never its bytes.
 */
export class AttachmentFiles {
  /** Zip path → bytes. */
  readonly files = new Map<string, Uint8Array>()
  private readonly paths = new Map<string, string | null>()
  private bytes = 0
  private readonly db: Queryable
  private readonly spaceId: string

  constructor(db: Queryable, spaceId: string) {
    this.db = db
    this.spaceId = spaceId
  }

  /** The zip paths of these attachment URLs (`/api/attachments/…`), for the ones the zip carries. */
  async pathsOf(srcs: string[]): Promise<Map<string, string>> {
    for (const src of srcs) if (!this.paths.has(src)) this.paths.set(src, await this.take(src))
    return new Map(srcs.flatMap((src) => {
      const path = this.paths.get(src)
      return path ? [[src, path] as const] : []
    }))
  }

  private async take(src: string): Promise<string | null> {
    const id = attachmentIdOf(src)
    const attachment = id ? await findAttachment(this.db, id) : null
    if (!attachment || attachment.spaceId !== this.spaceId) return null
    // The full-size bytes in the attachment's own type, as the API presents it.
    const variants = await listVariants(this.db, attachment.id)
    const variant = variants.find((v) => v.width === 0 && v.contentType === attachment.contentType) ?? variants[0]
    if (!variant) return null
    const ext = (await extensionOf(this.db, variant.sha256)) ?? /\.([a-z0-9]{1,8})$/iu.exec(attachment.name)?.[1]?.toLowerCase() ?? 'bin'
    const path = `attachments/${variant.sha256}.${ext}`
    if (this.files.has(path)) return path
    if (this.bytes + variant.size > MAX_EXPORTED_ATTACHMENT_BYTES) return null
    const chunks: Uint8Array[] = []
    for (let seq = 0; seq < variant.chunkCount; seq += 1) {
      const chunk = await readChunk(this.db, variant.sha256, seq)
      if (!chunk) return null
      chunks.push(chunk)
    }
    this.bytes += variant.size
    this.files.set(path, Buffer.concat(chunks))
    return path
  }
}

/** The file extension the first chunk of a blob shows (file-type), if it shows one. */
async function extensionOf(db: Queryable, sha256: string): Promise<string | undefined> {
  const first = await readChunk(db, sha256, 0)
  return first ? (await fileTypeFromBuffer(first))?.ext : undefined
}
