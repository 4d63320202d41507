import { onScopeDispose, watch } from 'vue'

/** What opens a card: the link element and how (a keyboard focus, a mouse hover, a long press). */
export interface PreviewTrigger {
  anchor: HTMLElement
  how: 'hover' | 'focus' | 'press'
}

/** The links that have a preview: wiki links (in the reader and the editor) and backlinks. */
export const PREVIEW_LINKS = 'a.wiki-link[data-wiki-target], a[data-preview-page-id]'

const HOVER_DELAY_MS = 300
const HIDE_DELAY_MS = 250
const LONG_PRESS_MS = 500

/**
 * Watches `root` for the gestures that open a link preview and calls `show`/`hide`: a mouse
 * resting on a link, keyboard focus on one, a long press on a phone (which then does not also
 * follow the link). The card itself, given by `card`, keeps itself open while the pointer or
 * focus is inside it. Escape closes.
 */
export function useLinkPreviewTriggers(
  root: () => HTMLElement | null, card: () => HTMLElement | null,
  show: (trigger: PreviewTrigger) => void, hide: () => void,
): void {
  let showTimer: ReturnType<typeof setTimeout> | undefined
  let hideTimer: ReturnType<typeof setTimeout> | undefined
  let pressTimer: ReturnType<typeof setTimeout> | undefined
  let pressed: HTMLElement | null = null
  let swallowClick = false

  const linkOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>(PREVIEW_LINKS) : null)
  const inCard = (node: EventTarget | null) => node instanceof Node && Boolean(card()?.contains(node))
  const cancel = () => { clearTimeout(showTimer); clearTimeout(hideTimer) }
  const hideSoon = () => { clearTimeout(showTimer); clearTimeout(hideTimer); hideTimer = setTimeout(hide, HIDE_DELAY_MS) }

  const onPointerOver = (event: PointerEvent) => {
    if (event.pointerType !== 'mouse') return
    const anchor = linkOf(event.target)
    if (!anchor) return
    cancel()
    showTimer = setTimeout(() => show({ anchor, how: 'hover' }), HOVER_DELAY_MS)
  }
  const onPointerOut = (event: PointerEvent) => {
    if (event.pointerType !== 'mouse' || !linkOf(event.target)) return
    if (linkOf(event.relatedTarget) === linkOf(event.target) || inCard(event.relatedTarget)) return
    hideSoon()
  }
  const onFocusIn = (event: FocusEvent) => {
    const anchor = linkOf(event.target)
    if (anchor) { cancel(); show({ anchor, how: 'focus' }) }
  }
  const onFocusOut = (event: FocusEvent) => {
    if (linkOf(event.target) && !inCard(event.relatedTarget)) hideSoon()
  }
  const endPress = () => { clearTimeout(pressTimer); pressed = null }
  const onTouchStart = (event: TouchEvent) => {
    const anchor = linkOf(event.target)
    endPress()
    if (!anchor || event.touches.length !== 1) return
    pressed = anchor
    pressTimer = setTimeout(() => {
      swallowClick = true
      show({ anchor, how: 'press' })
    }, LONG_PRESS_MS)
  }
  const onClick = (event: MouseEvent) => {
    if (!swallowClick) return
    swallowClick = false
    event.preventDefault()
    event.stopPropagation()
  }
  // A long press on a link opens the phone's own menu too; while ours opens, theirs stays shut.
  const onContextMenu = (event: Event) => { if (pressed && linkOf(event.target) === pressed) event.preventDefault() }
  const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') { cancel(); hide() } }
  const onCardLeave = (event: PointerEvent) => { if (event.pointerType === 'mouse' && !linkOf(event.relatedTarget)) hideSoon() }
  const onCardFocusOut = (event: FocusEvent) => { if (!inCard(event.relatedTarget) && !linkOf(event.relatedTarget)) hideSoon() }

  watch(root, (element, _old, onCleanup) => {
    if (!element) return
    const listeners: [string, EventListener, boolean][] = [
      ['pointerover', onPointerOver as EventListener, false], ['pointerout', onPointerOut as EventListener, false],
      ['focusin', onFocusIn as EventListener, false], ['focusout', onFocusOut as EventListener, false],
      ['touchstart', onTouchStart as EventListener, false], ['touchend', endPress, false], ['touchmove', endPress, false],
      ['touchcancel', endPress, false], ['click', onClick as EventListener, true], ['contextmenu', onContextMenu, false],
    ]
    for (const [type, listener, capture] of listeners) element.addEventListener(type, listener, { capture, passive: type.startsWith('touch') })
    document.addEventListener('keydown', onKey)
    onCleanup(() => {
      for (const [type, listener, capture] of listeners) element.removeEventListener(type, listener, { capture })
      document.removeEventListener('keydown', onKey)
    })
  }, { immediate: true, flush: 'post' })

  watch(card, (element, _old, onCleanup) => {
    if (!element) return
    element.addEventListener('pointerenter', cancel)
    element.addEventListener('pointerleave', onCardLeave)
    element.addEventListener('focusout', onCardFocusOut)
    onCleanup(() => {
      element.removeEventListener('pointerenter', cancel)
      element.removeEventListener('pointerleave', onCardLeave)
      element.removeEventListener('focusout', onCardFocusOut)
    })
  }, { flush: 'post' })

  onScopeDispose(() => { cancel(); endPress() })
}
