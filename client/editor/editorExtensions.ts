import type { AnyExtension, Node } from '@tiptap/core'
import { Collaboration } from '@tiptap/extension-collaboration'
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret'
import type { HocuspocusProvider } from '@hocuspocus/provider'
import { VueNodeViewRenderer } from '@tiptap/vue-3'
import type { Component } from 'vue'
import type * as Y from 'yjs'
import EditorFileView from '../components/editor/EditorFileView.vue'
import EditorImageView from '../components/editor/EditorImageView.vue'
import { documentExtensions } from '../../shared/editor/documentExtensions.ts'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import type { PresenceUser } from '../composables/usePresence.ts'
import { renderCaret, renderSelection } from './collaborationCaretRender.ts'
import { CitationInput } from './CitationInput.ts'
import { CitationNumbers } from './CitationNumbers.ts'
import { CitationSuggestion } from './CitationSuggestion.ts'
import { AttachmentDrop } from './AttachmentDrop.ts'
import { EditorShortcuts } from './EditorShortcuts.ts'
import { HeadingAnchors, type PageHeading } from './HeadingAnchors.ts'
import { SlashMenu } from './SlashMenu.ts'
import { TableEditing } from './TableEditing.ts'
import { CodeHighlighting } from './CodeHighlighting.ts'
import type { SlashHelpers } from './slashItems.ts'
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
  onOpenCitation?: (pos: number) => void
  /** Files pasted or dropped into the editor, to upload (null position: at the selection). */
  onFiles?: (files: File[], position: number | null) => void
  /** What the `/` menu may ask of the page (a file picker). */
  slashHelpers?: SlashHelpers
  /** The page's headings whenever they change (table of contents). */
  onHeadings?: (headings: PageHeading[]) => void
  /** The editor has shown the shared document for the first time. */
  onFirstRender?: () => void
  /** A reader clicked a highlighted passage of a thread. */
  onOpenThread?: (threadId: string) => void
}

/** Node views (Vue components) of the schema's media nodes; the schema itself stays shared. */
const NODE_VIEWS: Record<string, Component> = {
  image: EditorImageView,
  fileAttachment: EditorFileView,
}

/** The shared schema extensions, with the editor's node views on the media nodes. */
function withNodeViews(extensions: AnyExtension[]): AnyExtension[] {
  return extensions.map((extension) => {
    const view = NODE_VIEWS[extension.name]
    return view ? (extension as Node).extend({ addNodeView: () => VueNodeViewRenderer(view as Parameters<typeof VueNodeViewRenderer>[0]) }) : extension
  })
}

/**
 * The page editor's extensions: the shared document schema (so the server reads what the
 * client writes) plus editor-only behaviour that adds no nodes or marks — Yjs binding with
 * an undo manager that only undoes this user's changes, named carets, `[[...]]` input,
 * link following, shortcuts, the highlights of discussed passages, citation numbers and
 * the `[^` menu.
 */
export function editorExtensions(options: EditorExtensionOptions): AnyExtension[] {
  return [
    ...withNodeViews(documentExtensions()),
    Collaboration.configure({ document: options.doc, field: CONTENT_FIELD, onFirstRender: options.onFirstRender }),
    CollaborationCaret.configure({
      provider: options.provider,
      user: options.user,
      render: renderCaret,
      selectionRender: renderSelection,
    }),
    TableEditing,
    CodeHighlighting,
    WikiLinkInputRule,
    WikiLinkNavigation.configure({ onFollow: options.onFollowWikiLink ?? (() => {}) }),
    WikiLinkSuggestion,
    WikiLinkStatus,
    WikiLinkEditShortcut,
    EditorShortcuts.configure({ onEditLink: options.onEditLink ?? (() => {}) }),
    CitationNumbers,
    CitationSuggestion,
    CitationInput.configure({ onOpenCitation: options.onOpenCitation ?? (() => {}) }),
    AttachmentDrop.configure({ onFiles: options.onFiles ?? (() => {}) }),
    HeadingAnchors.configure({ onHeadings: options.onHeadings ?? (() => {}) }),
    SlashMenu.configure({ helpers: options.slashHelpers ?? { pickFile: () => {} } }),
    ThreadHighlights.configure({ onOpen: options.onOpenThread ?? (() => {}) }),
  ]
}
