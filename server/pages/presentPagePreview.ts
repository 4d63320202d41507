import type { ApiPagePreview } from '../../shared/previewTypes.ts'
import { excerptOf } from './excerptOf.ts'
import type { PageLeadRow } from './previewQueries.ts'

/** A page as a hover card shows it. */
export function presentPagePreview(page: PageLeadRow, space: { slug: string }): ApiPagePreview {
  return {
    pageId: page.id,
    title: page.title,
    slug: page.slug,
    spaceId: page.spaceId,
    spaceSlug: space.slug,
    excerpt: excerptOf(page.lead),
    updatedAt: page.updatedAt.toISOString(),
  }
}
