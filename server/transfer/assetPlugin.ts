import type { MarkdownIt, StateCore, Token } from 'markdown-it'
import type { MarkdownEnv } from './wikiLinkPlugin.ts'

/**
 * A markdown-it plugin for an archive's images and files: a paragraph that is only an image
 * (`![alt](pictures/a.png "caption")`, or Obsidian's `![[a.png]]`) or only a link to a file (`[leaflet](files/a.pdf)`)
 * whose path `env.resolveAsset` resolves to an attachment becomes an `attachment_image` or
 * `attachment_file` block token. Anything else keeps its text (images_as_text).
 */
export function assetPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'asset_blocks', assetBlocks)
}

function assetBlocks(state: StateCore): void {
  const resolve = (state.env as MarkdownEnv).resolveAsset
  if (!resolve) return
  const tokens = state.tokens
  for (let i = 0; i + 2 < tokens.length; i += 1) {
    if (tokens[i].type !== 'paragraph_open' || tokens[i + 1].type !== 'inline' || tokens[i + 2].type !== 'paragraph_close') continue
    const children = (tokens[i + 1].children ?? []).filter((child) => !(child.type === 'text' && !child.content.trim()) && child.type !== 'softbreak')
    const block = blockOf(state, children, resolve)
    if (block) {
      block.map = tokens[i].map
      tokens.splice(i, 3, block)
    }
  }
}

function blockOf(state: StateCore, children: Token[], resolve: NonNullable<MarkdownEnv['resolveAsset']>): Token | null {
  if (children.length === 1 && children[0].type === 'image') {
    const image = children[0]
    const asset = resolve(String(image.attrGet('src') ?? ''))
    if (!asset) return null
    const token = new state.Token('attachment_image', '', 0)
    const alt = (image.children ?? []).map((child) => child.content).join('')
    token.meta = { attrs: { src: asset.src, alt: alt.slice(0, 1000), caption: String(image.attrGet('title') ?? '').slice(0, 2000), width: 'inline' } }
    return asset.kind === 'image' ? token : null
  }
  // Obsidian's embed, `![[picture.png]]` or `![[picture.png|300]]`: the target is a file name.
  if (children.length >= 3 && children[0].type === 'text' && children[0].content === '!' && children[1].type === 'wikilink_open' && children.at(-1)!.type === 'wikilink_close') {
    const shown = children.slice(2, -1).map((child) => child.content).join('')
    const asset = resolve(String(children[1].attrGet('target') ?? shown))
    if (!asset || asset.kind !== 'image') return null
    const token = new state.Token('attachment_image', '', 0)
    token.meta = { attrs: { src: asset.src, alt: '', caption: '', width: 'inline' } }
    return token
  }
  if (children.length >= 3 && children[0].type === 'link_open' && children.at(-1)!.type === 'link_close') {
    const asset = resolve(String(children[0].attrGet('href') ?? ''))
    if (!asset || asset.kind !== 'file') return null
    const name = children.slice(1, -1).map((child) => child.content).join('').trim() || 'file'
    const token = new state.Token('attachment_file', '', 0)
    token.meta = { attrs: { src: asset.src, name: name.slice(0, 255), size: asset.size, contentType: asset.contentType } }
    return token
  }
  return null
}
