import type { ApiBacklink, ApiOutgoingLink } from '../../shared/linkTypes.ts'
import type { BacklinkRow, OutgoingRow } from './linkListQueries.ts'

/** A backlink as the API shows it. */
export function presentBacklink(row: BacklinkRow): ApiBacklink {
  return {
    pageId: row.pageId,
    title: row.title,
    slug: row.slug,
    spaceId: row.spaceId,
    spaceSlug: row.spaceSlug,
    spaceName: row.spaceName,
    snippet: row.snippet,
    highlight: [row.snippetFrom, row.snippetTo],
    linkCount: row.linkCount,
  }
}

/**
 * A link written in a page of `sourceSpaceId`, as the API shows it: the page it leads to only
 * when the caller may read that page's space.
 */
export function presentOutgoing(row: OutgoingRow, sourceSpaceId: string, readable: Set<string>): ApiOutgoingLink {
  const target = row.targetSpaceId === sourceSpaceId ? row.targetTitle : `${row.targetSpaceSlug}:${row.targetTitle}`
  const visible = row.pageId !== null && readable.has(row.targetSpaceId)
  return {
    target,
    label: row.label,
    page: visible ? { id: row.pageId!, title: row.pageTitle!, slug: row.pageSlug!, spaceSlug: row.targetSpaceSlug } : null,
  }
}
