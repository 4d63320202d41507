import type { MarkdownIt } from 'markdown-it'
import type { StateCore, StateInline } from 'markdown-it'

/** Where a relative Markdown link (`other.md`) or an Obsidian-style `[[path/Note]]` leads: a page title, or null. */
export type LinkResolver = (href: string) => string | null

/** The markdown-it environment an import passes: how to resolve links to other files of the archive. */
export interface MarkdownEnv {
  resolveLink?: LinkResolver
  /** The formatted text of the space's sources, by id: a footnote starting with one cites it (footnotePlugin.ts). */
  sources?: ReadonlyMap<string, string>
  /** An archive file a page links to by this path, as the attachment it becomes (assetPlugin.ts), or null. */
  resolveAsset?: (href: string) => { src: string; kind: 'image' | 'file'; size: number; contentType: string } | null
}

const ESCAPED = /\\([!-/:-@[-`{-~])/gu

/**
 * A markdown-it plugin for wiki links: `[[Title]]` and `[[Target|shown text]]` become
 * `wikilink_open` (attribute `target`) / `wikilink_close` around the shown text, parsed as
 * inline Markdown. `[[Note#Heading]]` links to `Note`. With `env.resolveLink`, the target
 * is first looked up as a file of the archive, and relative links to `.md` files become
 * wiki links too.
 */
export function wikiLinkPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikiLinkRule)
  md.core.ruler.after('inline', 'wikilink_relative', relativeLinksRule)
  md.core.ruler.after('wikilink_relative', 'wikilink_targets', targetsRule)
}

function wikiLinkRule(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state
  if (!src.startsWith('[[', pos)) return false
  let end = pos + 2
  while (end < posMax && !src.startsWith(']]', end)) {
    if (src[end] === '\\') end += 1
    else if (src.startsWith('[[', end) || src[end] === '\n') return false
    end += 1
  }
  if (end >= posMax) return false
  const inner = src.slice(pos + 2, end)
  if (!inner.trim()) return false
  const bar = findUnescaped(inner, '|')
  // `[[Target|text]]`: the target as written; `[[Title]]`: the label's text, read once it is parsed (targetsRule).
  const target = bar < 0 ? null : inner.slice(0, bar).replace(ESCAPED, '$1')
  if (target !== null && !cleanTarget(target)) return false
  if (!silent) {
    const open = state.push('wikilink_open', 'a', 1)
    if (target !== null) open.attrSet('target', target)
    const savedMax = state.posMax
    state.pos = bar < 0 ? pos + 2 : pos + 2 + bar + 1
    state.posMax = end
    state.md.inline.tokenize(state)
    state.posMax = savedMax
    state.push('wikilink_close', 'a', -1)
  }
  state.pos = end + 2
  return true
}

function findUnescaped(text: string, char: string): number {
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1
    else if (text[i] === char) return i
  }
  return -1
}

/** Turns links to other Markdown files of the archive (`[text](Other%20page.md)`) into wiki links. */
function relativeLinksRule(state: StateCore): void {
  const resolve = (state.env as MarkdownEnv).resolveLink
  if (!resolve) return
  for (const block of state.tokens) {
    const children = block.children ?? []
    const opened: boolean[] = []
    for (const token of children) {
      if (token.type === 'link_open') {
        const href = String(token.attrGet('href') ?? '')
        const target = /^[a-z][a-z0-9+.-]*:/iu.test(href) || href.startsWith('/') ? null : resolve(href)
        opened.push(target !== null)
        if (target !== null) {
          token.type = 'wikilink_open'
          token.attrs = [['target', target]]
          token.meta = { resolved: true }
        }
      } else if (token.type === 'link_close' && opened.pop()) {
        token.type = 'wikilink_close'
      }
    }
  }
}

/** A wiki-link target without its `#Heading` part, trimmed. */
function cleanTarget(target: string): string {
  return target.replace(/#.*$/u, '').trim()
}

/**
 * Gives each `[[Title]]` its target, the plain text of its label, and resolves every wiki
 * link through `env.resolveLink` when there is one. An empty target leaves the text unlinked.
 */
function targetsRule(state: StateCore): void {
  const resolve = (state.env as MarkdownEnv).resolveLink
  for (const block of state.tokens) {
    const children = block.children ?? []
    for (let i = 0; i < children.length; i += 1) {
      const open = children[i]
      if (open.type !== 'wikilink_open' || open.meta?.resolved) continue
      let target = open.attrGet('target')
      if (target === null) {
        target = ''
        for (let j = i + 1; j < children.length && children[j].type !== 'wikilink_close'; j += 1) {
          if (children[j].type === 'text' || children[j].type === 'code_inline') target += children[j].content
        }
      }
      target = cleanTarget(String(target))
      const resolved = target ? resolve?.(target) : null
      open.attrs = [['target', resolved ?? target]]
      open.meta = { resolved: true }
    }
  }
}
