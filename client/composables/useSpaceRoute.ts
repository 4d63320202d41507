import { computed, watch, type ComputedRef, type WatchSource } from 'vue'
import { useRoute } from 'vue-router'
import type { ApiSpace as Space } from '../../shared/apiTypes.ts'
import { useRequest, type Request } from './useApi.ts'
import { useSession } from './useSession.ts'
import { getSpaceBySlug, rememberSpace } from './useSpaces.ts'

/** Options of `useSpaceRoute`. */
export interface SpaceRouteOptions {
  /** The space's slug; default: the route's `:spaceSlug`. */
  slug?: () => string
  /** More sources that reload the view (a query parameter, the whole path…). */
  watch?: WatchSource[]
}

/** A space view's request: the space and what the view loads with it, plus the space alone. */
export interface SpaceRoute<T extends object> {
  request: Request<{ space: Space } & T>
  space: ComputedRef<Space | null>
}

/**
 * Loads the space a view's route names, remembers it as the current space, then loads what the
 * view shows of it (`load`). Reloads when the slug or the signed-in user changes — the space's
 * abilities are the caller's — or when any of `options.watch` does.
 */
export function useSpaceRoute<T extends object = object>(
  load: (space: Space, signal: AbortSignal) => Promise<T> = async () => ({}) as T,
  options: SpaceRouteOptions = {},
): SpaceRoute<T> {
  const route = useRoute()
  const { user } = useSession()
  const slug = options.slug ?? (() => String(route.params.spaceSlug ?? ''))
  const request = useRequest(async (signal) => {
    const space = await getSpaceBySlug(slug(), signal)
    rememberSpace(space)
    return { space, ...(await load(space, signal)) }
  })
  // The user by id, not the shallow ref itself: a shallow ref among the sources makes Vue run the
  // callback whenever any source's dependencies fire, even with every value unchanged — and
  // `slug` may read the current space, which each run sets anew (a loop on `/w/:title`).
  const userId = () => user.value?.id ?? null
  watch([slug, userId, ...(options.watch ?? [])], () => request.run(), { immediate: true })
  return { request, space: computed(() => request.data.value?.space ?? null) }
}
