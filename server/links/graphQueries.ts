import type { ApiGraph, ApiGraphEdge, ApiGraphNode } from '../../shared/graphTypes.ts'
import type { Queryable } from '../core/db/Db.ts'

interface EdgeRow {
  from: string
  toPage: string | null
  toSpace: string
  toKey: string
  toTitle: string
}

interface NodeRow {
  id: string
  title: string
  slug: string
  spaceSlug: string
}

const missingId = (spaceId: string, key: string) => `missing:${spaceId}:${key}`

/** Graph edges from link rows (one per page pair), and the red nodes they reach. */
function edgesOf(rows: EdgeRow[], spaceSlugs: Map<string, string>): { edges: ApiGraphEdge[]; missing: ApiGraphNode[] } {
  const edges = new Map<string, ApiGraphEdge>()
  const missing = new Map<string, ApiGraphNode>()
  for (const row of rows) {
    const to = row.toPage ?? missingId(row.toSpace, row.toKey)
    if (to === row.from) continue
    edges.set(`${row.from}\n${to}`, { from: row.from, to })
    if (!row.toPage && !missing.has(to)) missing.set(to, { id: to, title: row.toTitle, spaceSlug: spaceSlugs.get(row.toSpace) ?? '', missing: true })
  }
  return { edges: [...edges.values()], missing: [...missing.values()] }
}

/**
 * Every live page of a space and the links between them, with the space's red links as
 * missing nodes (links into other spaces are left out: this is the space's own map). The caller
 * has checked that the actor may read the space, and so every page in it.
 */
export async function spaceGraph(db: Queryable, spaceId: string): Promise<ApiGraph> {
  const [pages, rows] = await Promise.all([
    db.query<NodeRow>(
      `SELECT p.id, p.title, p.slug, s.slug AS "spaceSlug" FROM pages p JOIN spaces s ON s.id = p.space_id
       WHERE p.space_id = $1 AND p.deleted_at IS NULL ORDER BY p.title_key`, [spaceId]),
    db.query<EdgeRow>(
      `SELECT DISTINCT ON (l.source_page_id, l.target_page_id, l.target_key) l.source_page_id AS "from", l.target_page_id AS "toPage",
         l.target_space_id AS "toSpace", l.target_key AS "toKey", l.target_title AS "toTitle"
       FROM links l JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL
       WHERE s.space_id = $1 AND l.target_space_id = $1
       ORDER BY l.source_page_id, l.target_page_id, l.target_key, l.position`, [spaceId]),
  ])
  const slug = pages[0]?.spaceSlug ?? (await db.query<{ slug: string }>('SELECT slug FROM spaces WHERE id = $1', [spaceId]))[0]?.slug ?? ''
  const live = new Set(pages.map((p) => p.id))
  const { edges, missing } = edgesOf(rows.filter((r) => !r.toPage || live.has(r.toPage)), new Map([[spaceId, slug]]))
  return { nodes: [...pages.map((p) => ({ id: p.id, title: p.title, slug: p.slug, spaceSlug: p.spaceSlug })), ...missing], edges }
}

/**
 * A page's neighbourhood: the pages it links to and those linking to it, `depth` hops out
 * (1 or 2), in the spaces the reader may read — across spaces, since links cross them — with
 * red links (in readable spaces) as missing nodes. Red nodes lead nowhere further.
 */
export async function pageNeighbourhood(db: Queryable, pageId: string, readableSpaceIds: string[], depth: number): Promise<ApiGraph> {
  const pages = new Set([pageId])
  let frontier = [pageId]
  const rows: EdgeRow[] = []
  for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
    const found = await db.query<EdgeRow>(
      `SELECT l.source_page_id AS "from", t.id AS "toPage", l.target_space_id AS "toSpace", l.target_key AS "toKey", l.target_title AS "toTitle"
       FROM links l
       JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL AND s.space_id = ANY($2::uuid[])
       LEFT JOIN pages t ON t.id = l.target_page_id AND t.deleted_at IS NULL
       WHERE (l.source_page_id = ANY($1::uuid[]) OR l.target_page_id = ANY($1::uuid[]))
         AND l.target_space_id = ANY($2::uuid[]) AND (l.target_page_id IS NULL OR t.id IS NOT NULL)`,
      [frontier, readableSpaceIds])
    rows.push(...found)
    const next = new Set<string>()
    for (const row of found) {
      for (const id of [row.from, row.toPage]) if (id && !pages.has(id)) { pages.add(id); next.add(id) }
    }
    frontier = [...next]
  }
  const nodes = await db.query<NodeRow>(
    `SELECT p.id, p.title, p.slug, s.slug AS "spaceSlug" FROM pages p JOIN spaces s ON s.id = p.space_id
     WHERE p.id = ANY($1::uuid[]) ORDER BY p.title_key`, [[...pages]])
  const spaceSlugs = new Map((await db.query<{ id: string; slug: string }>('SELECT id, slug FROM spaces WHERE id = ANY($1::uuid[])',
    [[...new Set(rows.map((r) => r.toSpace))]])).map((s) => [s.id, s.slug]))
  const { edges, missing } = edgesOf(rows, spaceSlugs)
  return { nodes: [...nodes.map((p) => ({ id: p.id, title: p.title, slug: p.slug, spaceSlug: p.spaceSlug })), ...missing], edges }
}
