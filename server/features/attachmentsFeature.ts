import type { Feature } from '../core/Feature.ts'
import { attachmentRoutes } from '../http/routes/attachmentRoutes.ts'

/** Images and files on pages: uploads, stored in Postgres by content, served to the page's readers only. */
export const attachmentsFeature: Feature = {
  routes: [attachmentRoutes],
}
