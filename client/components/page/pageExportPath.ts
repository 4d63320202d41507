import type { PageExportFormat } from '../../../shared/transferTypes.ts'

/** The download address of a page in an export format (docs/TRANSFER.md). */
export function pageExportPath(pageId: string, format: PageExportFormat): string {
  return `/api/pages/${encodeURIComponent(pageId)}/export?format=${format}`
}
