import { computed, onScopeDispose, reactive, shallowRef, watch } from 'vue'
import type { ApiPageSummary as PageSummary, ApiTreePage as TreePage } from '../../shared/apiTypes.ts'
import { buildPageTree } from '../pageTree.ts'
import { liveResource, type LiveResource } from './liveResource.ts'
import { nextCursor } from './nextCursor.ts'
import { fetchJson, toApiError, type ApiError } from './useApi.ts'

/** One level of the tree as loaded: its first pages and the cursor of the next (null: all loaded). */
interface Level {
  rows: TreePage[]
  next: string | null
  /** How many of `rows` came from the server in order (the others are pinned: the revealed path). */
  fetched: number
}

/** Pages per request of one level. */
const LEVEL_SIZE = 100
/** The most pages one reload of a level asks for (the server's cap). */
const MOST = 500
/** The key of the top level among the levels (others are keyed by their parent's id). */
const TOP = ''

async function fetchLevel(spaceId: string, parent: string, limit: number, cursor: string | null, signal?: AbortSignal): Promise<Level> {
  const query = new URLSearchParams({ ...(parent ? { parent } : {}), limit: String(limit), ...(cursor ? { cursor } : {}) })
  let next: string | null = null
  const rows = await fetchJson<TreePage[]>(`/api/spaces/${encodeURIComponent(spaceId)}/tree?${query}`, {
    signal, onHeaders: (headers) => { next = nextCursor(headers) },
  })
  return { rows, next, fetched: rows.length }
}

/**
 * A space's page tree loaded a level at a time: the top level, and the subpages of a page when
 * it is unfolded, each level 100 pages at a time ("Load more"). The pages above `currentPage`
 * unfold by themselves. It stays live through `GET /api/spaces/:spaceId/tree/events`: on every
 * change the levels on screen are loaded again (as many pages as were shown); a level whose page
 * is gone is dropped.
 */
export function usePageTreeLevels(spaceId: () => string | null | undefined, currentPage: () => PageSummary | null) {
  const levels = shallowRef(new Map<string, Level>())
  const expanded = reactive(new Set<string>())
  const error = shallowRef<ApiError | null>(null)
  const moreError = shallowRef<ApiError | null>(null)
  const loadingMore = shallowRef<string | null>(null)
  let live: LiveResource | null = null
  let revealed: string | null = null
  /** The current page and the pages above it, kept in their levels even when past the pages loaded there. */
  let path: PageSummary[] = []

  /** Loads again every level shown (and those down to the current page), from the start. */
  async function reloadAll(space: string, signal: AbortSignal): Promise<Map<string, Level>> {
    const current = currentPage()
    if (current && current.id !== revealed) {
      // The page view gave the page; the pages above it are asked for only when it has any.
      const above = current.parentId
        ? await fetchJson<PageSummary[]>(`/api/spaces/${encodeURIComponent(space)}/tree/ancestors/${encodeURIComponent(current.id)}`, { signal }).catch(() => [] as PageSummary[])
        : []
      for (const page of above) expanded.add(page.id)
      expanded.add(current.id)
      path = [...above, current]
      revealed = current.id
    }
    // Level by level from the top: only the unfolded pages still there have their subpages asked for.
    const loaded = new Map<string, Level>()
    for (let frontier = [TOP]; frontier.length > 0;) {
      const found = await Promise.all(frontier.map(async (parent) => {
        const shown = levels.value.get(parent)?.fetched ?? 0
        try {
          return [parent, await fetchLevel(space, parent, Math.min(MOST, Math.max(LEVEL_SIZE, shown)), null, signal)] as const
        } catch (cause) {
          // A page deleted or moved away meanwhile: its level goes; anything else is an error.
          if (parent !== TOP && toApiError(cause).status === 404) return null
          throw cause
        }
      }))
      frontier = []
      for (const entry of found) {
        if (!entry) continue
        loaded.set(entry[0], entry[1])
        pinPath(entry[0], entry[1])
        for (const page of entry[1].rows) if (expanded.has(page.id) && page.hasChildren) frontier.push(page.id)
      }
    }
    // The current page's own subpages are known now: it has some or not.
    const here = path.at(-1)
    if (here && loaded.get(here.id)?.rows.length === 0) {
      for (const level of loaded.values()) level.rows = level.rows.map((row) => (row.id === here.id ? { ...row, hasChildren: false } : row))
    }
    return loaded
  }

  /** Adds the pages of the revealed path that belong to this level but lie past what it loaded. */
  function pinPath(parent: string, level: Level): void {
    if (!level.next) return
    for (const page of path) {
      if ((page.parentId ?? TOP) !== parent || level.rows.some((row) => row.id === page.id)) continue
      const { id, title, slug, updatedAt, parentId, position } = page
      level.rows.push({ id, title, slug, updatedAt, parentId, position, hasChildren: true })
    }
  }

  watch(spaceId, (id, _old, onCleanup) => {
    levels.value = new Map()
    error.value = null
    revealed = null
    expanded.clear()
    if (!id) return
    live = liveResource({
      stream: `/api/spaces/${encodeURIComponent(id)}/tree/events`,
      events: ['tree'],
      load: (signal) => reloadAll(id, signal),
      apply(value) { levels.value = value },
      onError(cause) { error.value = cause },
    })
    live.start()
    const mine = live
    onCleanup(() => mine.stop())
  }, { immediate: true })
  /** A page and the pages above it, top first, when all of them are among the pages loaded. */
  function loadedPath(id: string): TreePage[] | null {
    const byId = new Map<string, TreePage>()
    for (const level of levels.value.values()) for (const row of level.rows) byId.set(row.id, row)
    const chain: TreePage[] = []
    for (let page = byId.get(id); page; page = page.parentId ? byId.get(page.parentId) : undefined) {
      chain.unshift(page)
      if (!page.parentId) return chain
    }
    return null
  }

  // A new current page: unfold down to it. A page the tree has loaded, with its subpages loaded
  // too or none to load, unfolds from what is there; any other is revealed by loading again (the
  // first load, waiting for the stream, reveals it anyway).
  watch(() => currentPage()?.id ?? null, (id) => {
    if (!id || id === revealed || live?.waiting()) return
    const loaded = loadedPath(id)
    const here = loaded?.at(-1)
    if (!loaded || !here || (here.hasChildren && !levels.value.has(id))) return void live?.refresh()
    for (const page of loaded) expanded.add(page.id)
    path = loaded
    revealed = id
  })
  onScopeDispose(() => live?.stop())

  /** Every page loaded, wherever it sits (what dragging and moving reason over). */
  const pages = computed<TreePage[] | null>(() => {
    const top = levels.value.get(TOP)
    if (!top) return null
    // Only levels whose page is itself shown (a level left over from before a move is not).
    const shown: TreePage[] = []
    const visit = (rows: TreePage[]) => {
      for (const page of rows) {
        shown.push(page)
        const below = levels.value.get(page.id)
        if (below) visit(below.rows)
      }
    }
    visit(top.rows)
    return shown
  })

  async function toggle(id: string): Promise<void> {
    if (expanded.has(id)) {
      expanded.delete(id)
      return
    }
    expanded.add(id)
    if (!levels.value.has(id)) await live?.refresh()
  }

  async function loadMore(parent: string | null): Promise<void> {
    const space = spaceId()
    const key = parent ?? TOP
    const level = levels.value.get(key)
    if (!space || !level?.next || loadingMore.value) return
    loadingMore.value = key
    moreError.value = null
    try {
      const page = await fetchLevel(space, key, LEVEL_SIZE, level.next)
      const known = new Set(level.rows.map((row) => row.id))
      const next = new Map(levels.value)
      next.set(key, { rows: [...level.rows, ...page.rows.filter((row) => !known.has(row.id))], next: page.next, fetched: level.fetched + page.rows.length })
      levels.value = next
    } catch (cause) {
      moreError.value = toApiError(cause)
    } finally {
      loadingMore.value = null
    }
  }

  return {
    pages,
    tree: computed(() => buildPageTree(pages.value ?? [])),
    expanded,
    error,
    moreError,
    loadingMore,
    /** Whether the level under `parent` (null: the top) has more pages to load. */
    hasMore: (parent: string | null) => Boolean(levels.value.get(parent ?? TOP)?.next),
    toggle,
    loadMore,
    refresh: () => live?.refresh() ?? Promise.resolve(),
  }
}

export type PageTreeLevels = ReturnType<typeof usePageTreeLevels>
