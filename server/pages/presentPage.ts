import type { ApiPage, ApiPageSummary } from '../../shared/apiTypes.ts'
import type { SpaceAbilities } from '../policies/spacePolicy.ts'
import type { PageRow } from './pageQueries.ts'

/** A page as the API lists it. */
export function presentPageSummary(page: PageRow): ApiPageSummary {
  return {
    id: page.id, title: page.title, slug: page.slug, updatedAt: page.updatedAt.toISOString(), parentId: page.parentId, position: page.position,
  }
}

/** A page as the API shows it to one caller. */
export function presentPage(page: PageRow, space: { slug: string }, abilities: SpaceAbilities): ApiPage {
  return {
    ...presentPageSummary(page),
    spaceId: page.spaceId,
    spaceSlug: space.slug,
    createdAt: page.createdAt.toISOString(),
    canEdit: abilities.edit,
  }
}
