import { shallowRef } from 'vue'
import type { ApiMember as Member, ApiSpace as Space, Role as SpaceRole } from '../../shared/apiTypes.ts'
import { fetchJson, useRequest } from './useApi.ts'

/** The slug of the public space seeded with the encyclopedia (docs/ACCOUNTS.md). */
export const SEEDED_SPACE_SLUG = 'novocherkassk-1962'

const LAST_SPACE_KEY = 'palimpsest:last-space'

/** The space the user last looked at, so `/` and `/w/:title` know where to go. */
export const currentSpace = shallowRef<Space | null>(null)

/** Remembers `space` as the current one (in memory and across visits). */
export function rememberSpace(space: Space): void {
  currentSpace.value = space
  try {
    localStorage.setItem(LAST_SPACE_KEY, space.slug)
  } catch {
    // Storage may be disabled; the in-memory value is enough for this tab.
  }
}

/** The slug remembered by `rememberSpace` on an earlier visit, if any. */
export function lastSpaceSlug(): string | null {
  try {
    return localStorage.getItem(LAST_SPACE_KEY)
  } catch {
    return null
  }
}

/** `GET /api/spaces`: the spaces the caller may read. */
export function listSpaces(signal?: AbortSignal): Promise<Space[]> {
  return fetchJson<Space[]>('/api/spaces', { signal })
}

/** `GET /api/spaces/by-slug/:slug`. */
export function getSpaceBySlug(slug: string, signal?: AbortSignal): Promise<Space> {
  return fetchJson<Space>(`/api/spaces/by-slug/${encodeURIComponent(slug)}`, { signal })
}

/** `GET /api/spaces/:spaceId`. */
export function getSpace(spaceId: string, signal?: AbortSignal): Promise<Space> {
  return fetchJson<Space>(`/api/spaces/${encodeURIComponent(spaceId)}`, { signal })
}

/** `POST /api/spaces`: the caller becomes its owner. */
export function createSpace(name: string, visibility: Space['visibility']): Promise<Space> {
  return fetchJson<Space>('/api/spaces', { method: 'POST', body: { name, visibility } })
}

/** `POST /api/spaces/:spaceId/join`: a signed-in user joins a public space as an editor. */
export function joinSpace(spaceId: string): Promise<unknown> {
  return fetchJson<unknown>(`/api/spaces/${encodeURIComponent(spaceId)}/join`, { method: 'POST' })
}

/** `GET /api/spaces/:spaceId/members`. */
export function listMembers(spaceId: string, signal?: AbortSignal): Promise<Member[]> {
  return fetchJson<Member[]>(`/api/spaces/${encodeURIComponent(spaceId)}/members`, { signal })
}

/** `PUT /api/spaces/:spaceId/members/:username`: add a member or change a role. */
export function setMemberRole(spaceId: string, username: string, role: SpaceRole): Promise<unknown> {
  return fetchJson<unknown>(
    `/api/spaces/${encodeURIComponent(spaceId)}/members/${encodeURIComponent(username)}`,
    { method: 'PUT', body: { role } },
  )
}

/** `DELETE /api/spaces/:spaceId/members/:username`. */
export function removeMember(spaceId: string, username: string): Promise<void> {
  return fetchJson<void>(
    `/api/spaces/${encodeURIComponent(spaceId)}/members/${encodeURIComponent(username)}`,
    { method: 'DELETE' },
  )
}

/** A reactive list of the caller's readable spaces with status and error. */
export function useSpaces() {
  return useRequest((signal) => listSpaces(signal))
}

/** Whether the caller may edit pages in `space`, as the server said (`abilities`). */
export function canEditIn(space: Pick<Space, 'abilities'> | null | undefined): boolean {
  return space?.abilities.edit ?? false
}

/** Whether the caller may join `space` as an editor, as the server said (`abilities`). */
export function canJoin(space: Pick<Space, 'abilities'> | null | undefined, _signedIn?: boolean): boolean {
  return space?.abilities.join ?? false
}
