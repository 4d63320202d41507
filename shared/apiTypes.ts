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
  /** What the space is about (plain text, shown on its home; owners change it). */
  description: string
  /** What the caller may do here, as the server decides it (the client never re-derives it). */
  abilities: ApiSpaceAbilities
}

/** What one caller may do in a space. */
export interface ApiSpaceAbilities {
  /** See the space and its pages, links, history and search results. */
  read: boolean
  /** Change pages and create them. */
  edit: boolean
  /** Rename the space, change its visibility, manage its members. */
  manage: boolean
  /** See who the members are. */
  seeMembers: boolean
  /** Open threads and comment on its pages (members, viewers included). */
  comment: boolean
  /** Join it as an editor (signed in, not a member, public and joinable). */
  join: boolean
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
  /** The page it sits under in the space's tree; null at the top level. */
  parentId: string | null
  /** Its place among the pages that share its parent, 0 first. */
  position: number
}

/** A page named with its space, as lists that cross spaces show it (backlinks, the watchlist). */
export interface ApiPageInSpace {
  pageId: string
  title: string
  slug: string
  spaceId: string
  spaceSlug: string
  spaceName: string
}

/** A page of one level of the space's tree (`GET /api/spaces/:spaceId/tree`). */
export interface ApiTreePage extends ApiPageSummary {
  /** Whether it has subpages, so it can be unfolded. */
  hasChildren: boolean
}

/** `GET /api/spaces/:spaceId/overview`: what a space's home shows of its pages. */
export interface ApiSpaceOverview {
  pageCount: number
  /** The first page of the tree; null when the space has no pages. */
  startHere: ApiPageSummary | null
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
