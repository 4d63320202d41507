import { shallowRef } from 'vue'
import type { PageHeading } from '../editor/HeadingAnchors.ts'

/** The headings of the page open in the editor (one page view at a time), for its table of contents. */
export const pageHeadings = shallowRef<PageHeading[]>([])

/** Scrolls to the heading with this anchor and puts it in the address bar; false when there is none. */
export function jumpToHeading(id: string): boolean {
  const target = document.getElementById(id)
  if (!target || !target.closest('.ProseMirror')) return false
  target.scrollIntoView({ block: 'start' })
  history.replaceState(history.state, '', `#${encodeURIComponent(id)}`)
  return true
}

const SETTLE_MS = 5_000
const READER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const

/**
 * Opens the page at a section (`#slug` in the link): jumps to the heading, then keeps it there
 * while the page settles — panels and data that arrive later change the page's height and would
 * leave the heading off screen — for a few seconds or until the reader scrolls, types or
 * clicks, so it never fights them. Returns a function that stops following.
 */
export function followHeading(id: string): () => void {
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => jumpToHeading(id))
  const timer = setTimeout(() => stop(), SETTLE_MS)
  function stop() {
    observer?.disconnect()
    clearTimeout(timer)
    for (const name of READER_INPUT) window.removeEventListener(name, stop, { capture: true })
  }
  jumpToHeading(id)
  observer?.observe(document.body)
  for (const name of READER_INPUT) window.addEventListener(name, stop, { capture: true, passive: true })
  return stop
}
