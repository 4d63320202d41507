import type { ApiAttachment } from '../../shared/attachmentTypes.ts'
import { attachmentUrl } from '../../shared/attachmentUrl.ts'
import type { AttachmentRow, VariantRow } from './attachmentQueries.ts'

/** An attachment as the API shows it; `size` is that of the full-size bytes served by default. */
export function presentAttachment(row: AttachmentRow, variants: VariantRow[]): ApiAttachment {
  const full = variants.find((v) => v.width === 0 && v.contentType === row.contentType) ?? variants[0]
  return {
    id: row.id, url: attachmentUrl(row.id), contentType: row.contentType, size: full?.size ?? 0,
    name: row.name, kind: row.kind, width: row.width, height: row.height,
  }
}
