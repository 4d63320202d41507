/** What `POST /api/spaces/:spaceId/import` answers (docs/TRANSFER.md). */
export interface ApiImportReport {
  imported: { file: string; pageId: string; title: string }[]
  /** Files whose title was taken (in the space or by another file): the page got another one. */
  renamed: { file: string; from: string; to: string }[]
  skipped: { file: string; reason: string }[]
}

/** Where a long import stands: the pages created (in its one transaction), then indexed (links, search, first revisions). */
export interface ApiImportProgress {
  stage: 'pages' | 'indexing'
  done: number
  total: number
}

/**
 * One line of an import answered as a stream (`Accept: application/x-ndjson`): progress lines,
 * then the report or the error that ended it.
 */
export type ApiImportEvent = { progress: ApiImportProgress } | { report: ApiImportReport } | { error: { id: string; message: string } }

/** The formats a page exports to (`GET /api/pages/:pageId/export?format=`). */
export const PAGE_EXPORT_FORMATS = ['markdown', 'html'] as const
export type PageExportFormat = (typeof PAGE_EXPORT_FORMATS)[number]
