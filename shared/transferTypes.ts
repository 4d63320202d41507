/** What `POST /api/spaces/:spaceId/import` answers (docs/TRANSFER.md). */
export interface ApiImportReport {
  imported: { file: string; pageId: string; title: string }[]
  /** Files whose title was taken (in the space or by another file): the page got another one. */
  renamed: { file: string; from: string; to: string }[]
  skipped: { file: string; reason: string }[]
}

/** The formats a page exports to (`GET /api/pages/:pageId/export?format=`). */
export const PAGE_EXPORT_FORMATS = ['markdown', 'html'] as const
export type PageExportFormat = (typeof PAGE_EXPORT_FORMATS)[number]
