import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { ApiProposal } from '../../shared/proposalApi.ts'
import { liveResource, type LiveResource } from './liveResource.ts'
import type { ApiError } from './useApi.ts'
import { listSpaceProposals } from './useProposals.ts'

/** A space's open proposals, kept live. */
export interface SpaceProposals {
  proposals: ShallowRef<ApiProposal[] | null>
  error: ShallowRef<ApiError | null>
  reload: () => Promise<void>
}

/**
 * Loads a space's open proposals and keeps them live: it listens on the space's proposals stream
 * (`/api/spaces/:spaceId/proposals/events`) and refetches when one opens, closes, is retitled,
 * discussed or staffed. `spaceId` null: nothing yet.
 */
export function useSpaceProposals(spaceId: () => string | null): SpaceProposals {
  const proposals = shallowRef<ApiProposal[] | null>(null)
  const error = shallowRef<ApiError | null>(null)
  let live: LiveResource | null = null

  watch(spaceId, (id, _old, onCleanup) => {
    proposals.value = null
    error.value = null
    if (!id) return
    const mine = (live = liveResource({
      stream: `/api/spaces/${encodeURIComponent(id)}/proposals/events`,
      events: ['proposals'],
      load: (signal) => listSpaceProposals(id, signal),
      apply(value) { proposals.value = value },
      onError(cause) { error.value = cause },
    }))
    mine.start()
    onCleanup(() => {
      mine.stop()
      if (live === mine) live = null
    })
  }, { immediate: true })
  onScopeDispose(() => live?.stop())

  return { proposals, error, reload: () => live?.refresh() ?? Promise.resolve() }
}
