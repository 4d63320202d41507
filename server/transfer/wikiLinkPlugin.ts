import type { MarkdownIt } from 'markdown-it'
import type { StateCore, StateInline } from 'markdown-it'

/** Where a relative Markdown link (`other.md`) or an Obsidian-style `[[path/Note]]` leads: a page title, or null. */
export type LinkResolver = (href: string) => string | null

/** The markdown-it environment an import passes: how to resolve links to other files of the archive. */
export interface MarkdownEnv {
  resolveLink?: LinkResolver
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
  const bar = findUnescaped(inner, '|')
  const rawTarget = bar < 0 ? inner : inner.slice(0, bar)
  let target = rawTarget.replace(ESCAPED, '$1').replace(/#.*$/u, '').trim()
  if (!target) return false
  const resolved = (state.env as MarkdownEnv).resolveLink?.(target)
  if (resolved) target = resolved
  if (!silent) {
    state.push('wikilink_open', 'a', 1).attrSet('target', target)
    const labelStart = bar < 0 ? pos + 2 : pos + 2 + bar + 1
    const savedMax = state.posMax
    state.pos = labelStart
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
        }
      } else if (token.type === 'link_close' && opened.pop()) {
        token.type = 'wikilink_close'
      }
    }
  }
}
