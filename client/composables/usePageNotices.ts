import type { HocuspocusProvider } from '@hocuspocus/provider'
import { onScopeDispose, watch } from 'vue'

/**
 * What the server tells the open connections of a page (stateless messages, no content):
 * `backlinks` = the pages linking here changed; `links` = a page this one links to appeared,
 * moved or went away; `page` = the page was renamed; `threads` = a discussion thread of the
 * page changed; `proposals` = a proposal to the page opened or closed. Listeners refetch what
 * they show.
 */
export type PageNoticeType = 'backlinks' | 'links' | 'page' | 'threads' | 'proposals'
const NOTICE_TYPES: readonly string[] = ['backlinks', 'links', 'page', 'threads', 'proposals']

// One bus for the tab: the provider lives in the editor, the panels that listen elsewhere.
const bus = new EventTarget()
const eventName = (type: PageNoticeType, pageId: string) => `${type}:${pageId}`

/**
 * Forwards a page provider's notices to the tab's listeners for as long as the calling scope
 * lives. Every listener refetches too once the provider first syncs, and after each reconnect:
 * what a panel fetched before the connection could hear notices may already be stale (a page
 * just created from a red link gets its backlinks a moment after it opens), and notices sent
 * while the connection was down are lost.
 */
export function usePageNotices(provider: HocuspocusProvider): void {
  const pageId = provider.configuration.name
  const emit = (type: PageNoticeType) => bus.dispatchEvent(new Event(eventName(type, pageId)))
  const onStateless = ({ payload }: { payload: string }) => {
    let message: { type?: unknown }
    try {
      message = JSON.parse(payload)
    } catch {
      return
    }
    if (typeof message.type === 'string' && NOTICE_TYPES.includes(message.type)) emit(message.type as PageNoticeType)
  }
  const onSynced = ({ state }: { state: boolean }) => {
    if (state) for (const type of NOTICE_TYPES) emit(type as PageNoticeType)
  }
  provider.on('stateless', onStateless)
  provider.on('synced', onSynced)
  onScopeDispose(() => {
    provider.off('stateless', onStateless)
    provider.off('synced', onSynced)
  })
}

/** Calls `handler` whenever the open page `pageId()` hears a `type` notice, until the calling scope ends. */
export function onPageNotice(pageId: () => string, type: PageNoticeType, handler: () => void): void {
  const listener = () => handler()
  watch(pageId, (id, _old, onCleanup) => {
    const name = eventName(type, id)
    bus.addEventListener(name, listener)
    onCleanup(() => bus.removeEventListener(name, listener))
  }, { immediate: true })
}
