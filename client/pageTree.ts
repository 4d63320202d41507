// The shape of a space's page tree, built from a flat list of its pages (all of them, or the
// levels loaded so far).
import type { ApiPageSummary as PageSummary } from '../shared/apiTypes.ts'

/** A page with its subpages, in hand-made order. */
export interface PageTreeNode<T extends PageSummary = PageSummary> {
  page: T
  children: PageTreeNode<T>[]
}

const byPlace = (a: PageSummary, b: PageSummary) => a.position - b.position || a.title.localeCompare(b.title)

/**
 * The pages as a tree: each under its parent, siblings by position. A page whose parent is not
 * in the list (deleted meanwhile, or the list is partial) shows at the top level.
 */
export function buildPageTree<T extends PageSummary>(pages: readonly T[]): PageTreeNode<T>[] {
  const nodes = new Map(pages.map((page) => [page.id, { page, children: [] as PageTreeNode<T>[] }]))
  const roots: PageTreeNode<T>[] = []
  for (const node of nodes.values()) {
    const parent = node.page.parentId ? nodes.get(node.page.parentId) : undefined
    ;(parent ? parent.children : roots).push(node)
  }
  const sort = (list: PageTreeNode<T>[]) => {
    list.sort((a, b) => byPlace(a.page, b.page))
    for (const node of list) sort(node.children)
  }
  sort(roots)
  return roots
}

/** The pages above `pageId`, the top-level one first (empty for a top-level page). */
export function ancestorsOf(pages: readonly PageSummary[], pageId: string): PageSummary[] {
  const byId = new Map(pages.map((page) => [page.id, page]))
  const chain: PageSummary[] = []
  const seen = new Set([pageId])
  for (let at = byId.get(pageId)?.parentId; at && !seen.has(at); at = byId.get(at)?.parentId) {
    const page = byId.get(at)
    if (!page) break
    seen.add(at)
    chain.unshift(page)
  }
  return chain
}

/** `pageId` and every page below it: where it may not be moved. */
export function subtreeIds(pages: readonly PageSummary[], pageId: string): Set<string> {
  const ids = new Set([pageId])
  let grew = true
  while (grew) {
    grew = false
    for (const page of pages) {
      if (page.parentId && ids.has(page.parentId) && !ids.has(page.id)) {
        ids.add(page.id)
        grew = true
      }
    }
  }
  return ids
}

/** Where a dragged page lands relative to a row: before it, after it, or as its last child. */
export type DropZone = 'before' | 'after' | 'inside'

/**
 * The `{ parentId, position }` a move sends when `movingId` is dropped in `zone` of `targetId`.
 * Positions count the new siblings without the page that moves, as the server does.
 */
export function dropTarget(pages: readonly PageSummary[], movingId: string, targetId: string, zone: DropZone): { parentId: string | null; position: number } {
  const target = pages.find((page) => page.id === targetId)
  const parentId = zone === 'inside' ? targetId : target?.parentId ?? null
  const siblings = pages.filter((page) => (page.parentId ?? null) === parentId && page.id !== movingId).sort(byPlace)
  if (zone === 'inside') return { parentId, position: siblings.length }
  const at = siblings.findIndex((page) => page.id === targetId)
  return { parentId, position: zone === 'before' ? Math.max(0, at) : at + 1 }
}
