import type { RouteLocationNormalizedLoaded } from 'vue-router'
import type { ApiPage as Page, ApiSpace as Space } from '../../shared/apiTypes.ts'
import { getPage, getPageBySlug } from './usePages.ts'
import { getSpace, getSpaceBySlug, rememberSpace } from './useSpaces.ts'

/** A page with the space it lives in. */
export interface ResolvedPage {
  page: Page
  space: Space
}

/**
 * Finds the page a route names: `/p/:pageId`, or `/s/:spaceSlug/:pageSlug` (the space and the
 * page are asked for at once). Rejects with the API's 404 when there is no such page.
 */
export async function resolvePageRoute(route: Pick<RouteLocationNormalizedLoaded, 'params'>, signal?: AbortSignal): Promise<ResolvedPage> {
  const { pageId, spaceSlug, pageSlug } = route.params as Record<string, string | undefined>
  let page: Page
  let space: Space
  if (pageId) {
    page = await getPage(pageId, signal)
    space = await getSpace(page.spaceId, signal)
  } else {
    // The space is remembered even when the page is missing: its sidebar and "Create this page" need it.
    const found = getSpaceBySlug(String(spaceSlug), signal).then((named) => (rememberSpace(named), named))
    found.catch(() => {})
    ;[space, page] = await Promise.all([found, getPageBySlug(String(spaceSlug), String(pageSlug), signal)])
  }
  rememberSpace(space)
  return { page, space }
}
