import type { Feature } from '../core/Feature.ts'
import { transferRoutes } from '../http/routes/transferRoutes.ts'

/** Import and export: pages as Markdown or HTML, spaces as zips of Markdown (docs/TRANSFER.md). */
export const transferFeature: Feature = {
  routes: [transferRoutes],
}
