import type { MarkdownIt, Token } from 'markdown-it'
import { parseLinkTarget } from '../../shared/wikiTitle.ts'
import { markdownTokenizer } from './markdownTokenizer.ts'

/** What a standalone HTML page is rendered from. */
export interface HtmlPage {
  title: string
  markdown: string
  /** The space the page lives in: wiki links lead to `<origin>/s/<spaceSlug>/w/<Title>`. */
  spaceSlug: string
  origin: string
}

let cached: MarkdownIt | undefined

/**
 * A page as one standalone HTML file: its exported Markdown rendered by markdown-it (raw
 * HTML is never passed through, so nothing in a page can script the file), wiki links as
 * links back to the wiki, citations as footnotes with their list at the end, and a stylesheet for screen and print ("Print / Save as PDF").
 */
export function renderPageHtml(page: HtmlPage): string {
  cached ??= htmlRenderer()
  const body = cached.render(page.markdown, { page })
  const escape = cached.utils.escapeHtml
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Palimpsest">
<title>${escape(page.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<article>
<h1>${escape(page.title)}</h1>
${body}</article>
</body>
</html>
`
}

function htmlRenderer(): MarkdownIt {
  const md = markdownTokenizer()
  // Footnotes stay footnotes here: numbered references and a list of them at the end.
  md.core.ruler.disable('footnote_citations')
  // Images are shown (a page's image can only be one of its attachments: the schema checks).
  md.core.ruler.disable('images_as_text')
  md.renderer.rules.wikilink_open = (tokens: Token[], index: number, _options: unknown, env?: Record<string, unknown>) => {
    const page = env?.page as HtmlPage
    const link = parseLinkTarget(String(tokens[index].attrGet('target') ?? ''))
    const href = `${page.origin}/s/${encodeURIComponent(link.spaceSlug ?? page.spaceSlug)}/w/${encodeURIComponent(link.title)}`
    return `<a class="wiki-link" href="${md.utils.escapeHtml(href)}">`
  }
  md.renderer.rules.wikilink_close = () => '</a>'
  return md
}

const PAGE_CSS = `
:root { color-scheme: light dark; }
body { margin: 0; font: 1.0625rem/1.6 Charter, "Iowan Old Style", Georgia, serif; }
article { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.25; }
a { color: #1a56b0; }
blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid #999; }
pre { overflow-x: auto; padding: 0.75rem; background: rgba(127, 127, 127, 0.12); }
.footnotes { font-size: 0.9em; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
@media print {
  @page { margin: 2cm; }
  body { font-size: 11pt; color: #000; background: #fff; }
  article { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]:not(.wiki-link)::after { content: " (" attr(href) ")"; font-size: 0.85em; overflow-wrap: anywhere; }
  h1, h2, h3 { break-after: avoid; }
  blockquote, pre, li { break-inside: avoid; }
}
`
