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
