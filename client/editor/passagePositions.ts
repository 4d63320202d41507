import type { EditorState } from '@tiptap/pm/state'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'

/** A passage as the API stores it: base64 Yjs relative positions of its start and end. */
export interface EncodedAnchor {
  start: string
  end: string
}

interface Binding {
  doc: Y.Doc
  type: Y.XmlFragment
  mapping: Map<Y.AbstractType<unknown>, unknown>
}

function bindingOf(state: EditorState): Binding | null {
  const binding = (ySyncPluginKey.getState(state) as { binding?: Binding } | undefined)?.binding
  return binding && binding.doc ? binding : null
}

const encode = (rpos: Y.RelativePosition) => btoa(String.fromCharCode(...Y.encodeRelativePosition(rpos)))
const decode = (text: string) => Y.decodeRelativePosition(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)))

/**
 * The selection `from`..`to` as an anchor: the start sticks to its first character (words typed
 * just before stay out), the end to its last one (words typed just after stay out). Null when
 * the editor is not bound to its document yet.
 */
export function anchorOfSelection(state: EditorState, from: number, to: number): EncodedAnchor | null {
  const binding = bindingOf(state)
  if (!binding || to <= from) return null
  // y-tiptap ties a position to the character on its left; the start wants the one on its right.
  const first = Y.relativePositionToJSON(absolutePositionToRelativePosition(from + 1, binding.type, binding.mapping as never)) as Record<string, unknown>
  const start = Y.createRelativePositionFromJSON({ ...first, assoc: 0 })
  const end = absolutePositionToRelativePosition(to, binding.type, binding.mapping as never) as Y.RelativePosition
  return { start: encode(start), end: encode(end) }
}

/** Where an anchor is in the editor now, or null when its words are gone or it is unreadable. */
export function rangeOfAnchor(state: EditorState, anchor: EncodedAnchor): { from: number; to: number } | null {
  const binding = bindingOf(state)
  if (!binding) return null
  try {
    const from = relativePositionToAbsolutePosition(binding.doc, binding.type, decode(anchor.start), binding.mapping as never)
    const to = relativePositionToAbsolutePosition(binding.doc, binding.type, decode(anchor.end), binding.mapping as never)
    if (from === null || to === null || to <= from || to > state.doc.content.size) return null
    return { from, to }
  } catch {
    return null
  }
}
