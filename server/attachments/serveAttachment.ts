import { create as contentDisposition } from 'content-disposition'
import type { Actor } from '../core/Actor.ts'
import { notFound } from '../core/AppError.ts'
import type { Queryable } from '../core/db/Db.ts'
import { isAttachmentId } from '../../shared/attachmentUrl.ts'
import { loadPageAccess, loadSpaceAccess } from '../policies/accessQueries.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import { findAttachment, listVariants, readChunk, type VariantRow } from './attachmentQueries.ts'

/** Types a browser may show inline: images we re-encoded ourselves. Everything else is a download. */
const INLINE = new Set(['image/jpeg', 'image/png', 'image/webp'])

/** Nothing in an attachment may run, load or frame anything, even opened on its own. */
export const ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

/** What a request for an attachment is answered with. */
export interface ServedAttachment {
  variant: VariantRow
  headers: Record<string, string>
  /** The bytes, read chunk by chunk from the database as the client takes them. */
  body: () => ReadableStream<Uint8Array>
}

/** The variant to send: the narrowest at least `width` wide (else full size), in WebP if the browser takes it. */
function pickVariant(variants: VariantRow[], contentType: string, width: number | undefined, acceptsWebp: boolean): VariantRow | undefined {
  const wanted = acceptsWebp && variants.some((v) => v.contentType === 'image/webp') ? 'image/webp' : contentType
  const ofType = variants.filter((v) => v.contentType === wanted)
  const full = ofType.find((v) => v.width === 0)
  if (!width) return full
  return ofType.filter((v) => v.width >= width).sort((a, b) => a.width - b.width)[0] ?? full
}

function chunkStream(db: Queryable, variant: VariantRow): ReadableStream<Uint8Array> {
  let seq = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (seq >= variant.chunkCount) {
        controller.close()
        return
      }
      const chunk = await readChunk(db, variant.sha256, seq)
      seq += 1
      if (!chunk) controller.error(new Error(`chunk ${seq - 1} of blob ${variant.sha256} is missing`))
      else controller.enqueue(chunk)
    },
  }, { highWaterMark: 1 })
}

/**
 * An attachment for a reader of its page's space: anyone else — outsiders, removed members,
 * anonymous readers of a private space, anyone once the page is deleted — gets the same 404 as
 * for an id that never existed.
 */
export async function serveAttachment(
  db: Queryable, actor: Actor, id: string, options: { width?: number; accept: string },
): Promise<ServedAttachment> {
  const attachment = isAttachmentId(id) ? await findAttachment(db, id) : null
  const page = attachment ? await loadPageAccess(db, attachment.pageId) : null
  const space = page ? await loadSpaceAccess(db, { id: page.spaceId }, actor.userId) : null
  if (!attachment || !space || !spaceAbilities(actor, space).read) throw notFound('That attachment')
  const variants = await listVariants(db, attachment.id)
  const variant = attachment.kind === 'image'
    ? pickVariant(variants, attachment.contentType, options.width, /image\/webp/iu.test(options.accept))
    : variants[0]
  if (!variant) throw notFound('That attachment')
  const inline = attachment.kind === 'image' && INLINE.has(variant.contentType)
  return {
    variant,
    headers: {
      'Content-Type': variant.contentType,
      'Content-Length': String(variant.size),
      'Content-Disposition': contentDisposition(attachment.name, { type: inline ? 'inline' : 'attachment' }),
      'Content-Security-Policy': ATTACHMENT_CSP,
      'Cache-Control': 'private, max-age=300',
      ETag: `"${variant.sha256}"`,
      Vary: 'Accept, Cookie, Authorization',
    },
    body: () => chunkStream(db, variant),
  }
}
