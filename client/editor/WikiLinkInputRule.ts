import { Extension, InputRule } from '@tiptap/core'
import type { MarkType } from '@tiptap/pm/model'
import type { Transaction } from '@tiptap/pm/state'
import { cleanTitle, parseLinkTarget, titleProblem } from '../../shared/wikiTitle.ts'

/**
 * `[[Title]]` or `[[Title|shown text]]` just typed at the end of a text block. The target
 * may carry a space prefix (`space-slug:Title`, docs/PROTOCOL.md).
 */
export const WIKI_LINK_INPUT = /\[\[([^[\]\n|]+)(?:\|([^[\]\n|]+))?\]\]$/u

/**
 * Replaces `range` (the whole `[[...]]` match) with its shown text marked `wikiLink`,
 * keeping the marks already there (bold stays bold). Returns false, changing nothing, when
 * the target is not an acceptable title, so the brackets are typed as plain text.
 */
export function applyWikiLinkInput(tr: Transaction, range: { from: number, to: number }, match: RegExpMatchArray, markType: MarkType): boolean {
  const target = cleanTitle(match[1] ?? '')
  const { title } = parseLinkTarget(target)
  if (titleProblem(title) !== null) return false
  const label = cleanTitle(match[2] ?? '') || target
  const marks = markType.create({ target }).addToSet(tr.doc.resolve(range.from).marks())
  tr.replaceWith(range.from, range.to, markType.schema.text(label, marks))
  tr.removeStoredMark(markType)
  return true
}

/** Typing `[[Title]]` makes a wiki link (an input rule on top of the shared `wikiLink` mark). */
export const WikiLinkInputRule = Extension.create({
  name: 'wikiLinkInputRule',

  addInputRules() {
    const markType = this.editor.schema.marks.wikiLink
    if (!markType) return []
    return [
      new InputRule({
        find: WIKI_LINK_INPUT,
        handler: ({ state, range, match }) => {
          if (!applyWikiLinkInput(state.tr, range, match, markType)) return null
        },
      }),
    ]
  },
})
