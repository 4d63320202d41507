import markdownIt, { type MarkdownIt } from 'markdown-it'
import type { StateCore } from 'markdown-it'
import { wikiLinkPlugin } from './wikiLinkPlugin.ts'

/**
 * The markdown-it tokenizer imports read with: CommonMark plus strikethrough and wiki links,
 * no raw HTML (it is shown as text), no tables (the schema has none yet: their text stays,
 * as pipes). Images become their alt text until pages hold images.
 */
export function markdownTokenizer(): MarkdownIt {
  const md = markdownIt('default', { html: false, linkify: false })
  md.disable(['table'])
  md.use(wikiLinkPlugin)
  md.core.ruler.push('images_as_text', imagesAsText)
  return md
}

function imagesAsText(state: StateCore): void {
  for (const block of state.tokens) {
    for (const token of block.children ?? []) {
      if (token.type !== 'image') continue
      token.type = 'text'
      token.content = token.children?.map((child) => child.content).join('') ?? ''
      token.children = null
    }
  }
}
