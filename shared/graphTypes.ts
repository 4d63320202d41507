/** Shapes of the map of links (`GET /api/spaces/:spaceId/graph`, `GET /api/pages/:pageId/graph`). */

/** A page, or a title linked to that has no page (`missing`: a red node). */
export interface ApiGraphNode {
  /** The page id; a missing page's id is `missing:<space id>:<title key>`. */
  id: string
  title: string
  /** Where the node leads: the page (`slug`) in its space, or the red link's space. */
  spaceSlug: string
  slug?: string
  missing?: true
}

/** A link from one page to another (several links between the same two pages are one edge). */
export interface ApiGraphEdge {
  from: string
  to: string
}

export interface ApiGraph {
  nodes: ApiGraphNode[]
  edges: ApiGraphEdge[]
}
