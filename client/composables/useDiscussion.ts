import type { Editor } from '@tiptap/core'
import { shallowRef, watch, type ShallowRef } from 'vue'
import type { ApiThread } from '../../shared/discussionApi.ts'
import { rangeOfAnchor, type EncodedAnchor } from '../editor/passagePositions.ts'
import { threadHighlightsKey } from '../editor/ThreadHighlights.ts'
import { fetchJson, useRequest, type Request } from './useApi.ts'

/** A passage picked in the editor, waiting for its first comment. */
export interface DiscussionDraft {
  anchor: EncodedAnchor
  quote: string
}

/** The discussion of one open page, shared by its editor (highlights, selection) and its panel. */
export interface Discussion {
  pageId: string
  threads: Request<ApiThread[]>
  editor: ShallowRef<Editor | null>
  /** The selection a reader chose to comment on. */
  draft: ShallowRef<DiscussionDraft | null>
  /** The thread shown opened and highlighted. */
  activeId: ShallowRef<string | null>
  /** The panel is open (a drawer on phones). */
  panelOpen: ShallowRef<boolean>
  /** Opens a thread in the panel (a highlight was clicked, or a notification followed). */
  show(threadId: string): void
  /** Marks a thread as the one being looked at (highlighted stronger). */
  focus(threadId: string | null): void
  /** Offers a new thread on a picked passage, in the open panel. */
  startDraft(draft: DiscussionDraft): void
  /** Selects and scrolls to a thread's passage in the editor; false when its words are gone. */
  jumpTo(thread: ApiThread): boolean
  open(body: string, draft: DiscussionDraft | null): Promise<ApiThread>
  reply(threadId: string, body: string): Promise<void>
  edit(commentId: string, body: string): Promise<void>
  remove(commentId: string): Promise<void>
  setStatus(threadId: string, status: 'open' | 'resolved'): Promise<void>
}

// One per page for the tab: the editor and the panel are far apart in the component tree.
const discussions = new Map<string, Discussion>()

/** The discussion of page `pageId` (created on first use). */
export function useDiscussion(pageId: string): Discussion {
  const known = discussions.get(pageId)
  if (known) return known
  const threads = useRequest((signal) => fetchJson<ApiThread[]>(`/api/pages/${pageId}/threads`, { signal }))
  const editor = shallowRef<Editor | null>(null)
  const activeId = shallowRef<string | null>(null)
  const base = `/api/pages/${pageId}`
  const refetch = async () => { await threads.run() }
  const discussion: Discussion = {
    pageId,
    threads,
    editor,
    draft: shallowRef(null),
    activeId,
    panelOpen: shallowRef(false),
    show(threadId) {
      activeId.value = threadId
      discussion.panelOpen.value = true
    },
    focus(threadId) {
      activeId.value = threadId
    },
    startDraft(draft) {
      discussion.draft.value = draft
      activeId.value = null
      discussion.panelOpen.value = true
    },
    jumpTo(thread) {
      const view = editor.value
      if (!view || !thread.anchor) return false
      const range = rangeOfAnchor(view.state, thread.anchor)
      if (!range) return false
      activeId.value = thread.id
      view.chain().setTextSelection(range).scrollIntoView().run()
      return true
    },
    async open(body, draft) {
      const thread = await fetchJson<ApiThread>(`${base}/threads`, { method: 'POST', body: draft ? { body, anchor: draft.anchor } : { body } })
      discussion.draft.value = null
      activeId.value = thread.id
      await refetch()
      return thread
    },
    async reply(threadId, body) {
      await fetchJson(`/api/threads/${threadId}/comments`, { method: 'POST', body: { body } })
      await refetch()
    },
    async edit(commentId, body) {
      await fetchJson(`/api/comments/${commentId}`, { method: 'PATCH', body: { body } })
      await refetch()
    },
    async remove(commentId) {
      await fetchJson(`/api/comments/${commentId}`, { method: 'DELETE' })
      await refetch()
    },
    async setStatus(threadId, status) {
      await fetchJson(`/api/threads/${threadId}/status`, { method: 'PUT', body: { status } })
      await refetch()
    },
  }
  // The editor highlights the passages of the open threads, the active one stronger.
  watch([threads.data, editor, activeId], ([list, view, active]) => {
    if (!view || view.isDestroyed) return
    const highlighted = (list ?? []).flatMap((t) => (t.status === 'open' && t.anchor ? [{ id: t.id, anchor: t.anchor }] : []))
    view.view.dispatch(view.state.tr.setMeta(threadHighlightsKey, { threads: highlighted, active }).setMeta('addToHistory', false))
  })
  discussions.set(pageId, discussion)
  return discussion
}
