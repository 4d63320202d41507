import { Node } from '@tiptap/core'
import { oneOf } from './attributeChecks.ts'

/** The kinds of callout. */
export const CALLOUT_KINDS = ['note', 'warning', 'question'] as const
export type CalloutKind = (typeof CALLOUT_KINDS)[number]

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    callout: {
      /** Wraps the selected blocks in a callout of that kind, or unwraps them when already in one. */
      toggleCallout: (kind?: CalloutKind) => ReturnType
    }
  }
}

/** The `callout` node: a boxed note, warning or open question holding paragraphs and lists. */
export const Callout = Node.create({
  name: 'callout',
  group: 'block',
  content: 'block+',
  defining: true,

  addAttributes() {
    return {
      kind: {
        default: 'note',
        validate: oneOf(CALLOUT_KINDS),
        parseHTML: (element: HTMLElement) => element.getAttribute('data-callout') ?? 'note',
        renderHTML: (attributes: Record<string, unknown>) => ({ 'data-callout': String(attributes.kind) }),
      },
    }
  },

  parseHTML() {
    return [{ tag: 'aside[data-callout]' }]
  },

  renderHTML({ node, HTMLAttributes }) {
    return ['aside', { ...HTMLAttributes, class: `callout callout--${String(node.attrs.kind)}`, role: 'note' }, 0]
  },

  addCommands() {
    return {
      toggleCallout: (kind = 'note') => ({ commands, editor }) =>
        (editor.isActive(this.name) ? commands.lift(this.name) : commands.wrapIn(this.name, { kind })),
    }
  },
})
