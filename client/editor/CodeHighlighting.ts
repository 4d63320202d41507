import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { codeLanguageOf } from '../../shared/editor/codeLanguages.ts'

type Highlight = typeof import('./highlightCode.ts').highlightCode
let highlight: Highlight | null = null
let loading: Promise<Highlight> | null = null

/** Loads lowlight and its grammars once, for every editor. */
function loadHighlighter(): Promise<Highlight> {
  loading ??= import('./highlightCode.ts').then((module) => (highlight = module.highlightCode))
  return loading
}

interface HighlightState {
  /** The code blocks the decorations were made for: unchanged blocks keep theirs. */
  blocks: ProseMirrorNode[]
  decorations: DecorationSet
}

const key = new PluginKey<HighlightState>('codeHighlighting')

/** The document's code blocks in order (tables, lists and callouts searched; text not). */
function codeBlocks(doc: ProseMirrorNode): { node: ProseMirrorNode, pos: number }[] {
  const found: { node: ProseMirrorNode, pos: number }[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'codeBlock') found.push({ node, pos })
    return !node.isTextblock
  })
  return found
}

/** Highlight decorations of every code block that names a language, once the highlighter has loaded. */
function decorate(doc: ProseMirrorNode): HighlightState {
  const blocks = codeBlocks(doc)
  const decorations: Decoration[] = []
  for (const { node, pos } of blocks) {
    const language = codeLanguageOf(node.attrs.language)
    if (!highlight || !language) continue
    for (const token of highlight(node.textContent, language)) {
      decorations.push(Decoration.inline(pos + 1 + token.from, pos + 1 + token.to, { class: token.classes }))
    }
  }
  return { blocks: blocks.map((block) => block.node), decorations: DecorationSet.create(doc, decorations) }
}

const sameBlocks = (a: ProseMirrorNode[], b: ProseMirrorNode[]) => a.length === b.length && a.every((node, index) => node === b[index])

/**
 * Syntax highlighting of code blocks (lowlight, highlight.js classes) as decorations: nothing is
 * written to the document. The grammars load the first time a page holds a code block that
 * names a language; until then, and for a block without one, the code shows plain.
 */
export const CodeHighlighting = Extension.create({
  name: 'codeHighlighting',

  addProseMirrorPlugins() {
    return [new Plugin<HighlightState>({
      key,
      state: {
        init: (_, state) => decorate(state.doc),
        apply: (tr, previous) => {
          if (tr.getMeta(key)) return decorate(tr.doc)
          if (!tr.docChanged) return previous
          const blocks = codeBlocks(tr.doc).map((block) => block.node)
          return sameBlocks(blocks, previous.blocks) ? { blocks, decorations: previous.decorations.map(tr.mapping, tr.doc) } : decorate(tr.doc)
        },
      },
      props: {
        decorations: (state) => key.getState(state)?.decorations,
      },
      view: (view) => {
        const loadIfNeeded = () => {
          if (highlight || !key.getState(view.state)?.blocks.some((node) => codeLanguageOf(node.attrs.language))) return
          void loadHighlighter().then(() => {
            if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, true))
          })
        }
        loadIfNeeded()
        return { update: loadIfNeeded }
      },
    })]
  },
})
