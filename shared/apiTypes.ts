/** Shapes of the JSON API (docs/API.md), shared by the server's presenters and the client. */

export type Role = 'viewer' | 'editor' | 'owner'
export type Visibility = 'public' | 'private'

export interface ApiUser {
  id: string
  username: string
}

export interface ApiSpace {
  id: string
  slug: string
  name: string
  visibility: Visibility
  /** The caller's role, or null when the caller is not a member. */
  role: Role | null
  /** Whether anyone signed in may join this (public) space as an editor. */
  joinable: boolean
}

export interface ApiMember {
  userId: string
  username: string
  role: Role
}

export interface ApiPageSummary {
  id: string
  title: string
  slug: string
  updatedAt: string
}

export interface ApiPage extends ApiPageSummary {
  spaceId: string
  spaceSlug: string
  createdAt: string
  /** Whether the caller may edit this page. */
  canEdit: boolean
}

export interface ApiError {
  error: { id: string; message: string }
}
