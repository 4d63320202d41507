import type { DecorationAttrs } from '@tiptap/pm/view'
import { colorIndex } from '../composables/usePresence.ts'

/**
 * A remote caret: a thin bar in the person's colour with their name above it. Colour comes
 * from a palette class, never a style attribute, so a strict CSP allows it.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span')
  caret.className = `collab-caret presence-color-${Math.max(0, colorIndex(user.color))}`
  caret.setAttribute('aria-hidden', 'true')
  const label = document.createElement('span')
  label.className = 'collab-caret__label'
  label.textContent = typeof user.name === 'string' && user.name ? user.name : 'Reader'
  caret.append(label)
  return caret
}

/** A remote selection: the person's colour, lightly tinted. */
export function renderSelection(user: Record<string, unknown>): DecorationAttrs {
  return {
    nodeName: 'span',
    class: `collab-selection presence-color-${Math.max(0, colorIndex(user.color))}`,
  }
}
