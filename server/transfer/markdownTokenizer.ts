import markdownIt, { type MarkdownIt } from 'markdown-it'
import type { StateCore } from 'markdown-it'
import { assetPlugin } from './assetPlugin.ts'
import { footnotePlugin } from './footnotePlugin.ts'
import { tablePlugin } from './tablePlugin.ts'
import { wikiLinkPlugin } from './wikiLinkPlugin.ts'

/**
 * The markdown-it tokenizer imports read with: CommonMark plus strikethrough, GFM tables,
 * wiki links and footnotes (as citations); no raw HTML (it is shown as text). An image or
 * file of the archive alone in its paragraph becomes an attachment (assetPlugin.ts); other
 * images become their alt text.
 */
export function markdownTokenizer(): MarkdownIt {
  const md = markdownIt('default', { html: false, linkify: false })
  md.use(wikiLinkPlugin)
  md.use(footnotePlugin)
  md.use(tablePlugin)
  md.use(assetPlugin)
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
