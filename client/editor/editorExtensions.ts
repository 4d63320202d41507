import type { AnyExtension } from '@tiptap/core'
import { Collaboration } from '@tiptap/extension-collaboration'
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret'
import type { HocuspocusProvider } from '@hocuspocus/provider'
import type * as Y from 'yjs'
import { documentExtensions } from '../../shared/editor/documentExtensions.ts'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import type { PresenceUser } from '../composables/usePresence.ts'
import { renderCaret, renderSelection } from './collaborationCaretRender.ts'
import { EditorShortcuts } from './EditorShortcuts.ts'
import { ThreadHighlights } from './ThreadHighlights.ts'
import { WikiLinkInputRule } from './WikiLinkInputRule.ts'
import { WikiLinkNavigation } from './WikiLinkNavigation.ts'
import { WikiLinkEditShortcut } from './WikiLinkEditShortcut.ts'
import { WikiLinkStatus } from './WikiLinkStatus.ts'
import { WikiLinkSuggestion } from './WikiLinkSuggestion.ts'

/** What the page editor is built from. */
export interface EditorExtensionOptions {
  doc: Y.Doc
  provider: HocuspocusProvider
  user: PresenceUser
  onFollowWikiLink?: (target: string, newTab: boolean) => void
  onEditLink?: () => void
  /** A reader clicked a highlighted passage of a thread. */
  onOpenThread?: (threadId: string) => void
}

/**
 * The page editor's extensions: the shared document schema (so the server reads what the
 * client writes) plus editor-only behaviour that adds no nodes or marks — Yjs binding with
 * an undo manager that only undoes this user's changes, named carets, `[[...]]` input,
 * link following, shortcuts and the highlights of discussed passages.
 */
export function editorExtensions(options: EditorExtensionOptions): AnyExtension[] {
  return [
    ...documentExtensions(),
    Collaboration.configure({ document: options.doc, field: CONTENT_FIELD }),
    CollaborationCaret.configure({
      provider: options.provider,
      user: options.user,
      render: renderCaret,
      selectionRender: renderSelection,
    }),
    WikiLinkInputRule,
    WikiLinkNavigation.configure({ onFollow: options.onFollowWikiLink ?? (() => {}) }),
    WikiLinkSuggestion,
    WikiLinkStatus,
    WikiLinkEditShortcut,
    EditorShortcuts.configure({ onEditLink: options.onEditLink ?? (() => {}) }),
    ThreadHighlights.configure({ onOpen: options.onOpenThread ?? (() => {}) }),
  ]
}
