import { parseDocument, stringify } from 'yaml'

/** What the front matter of an exported page says about it. */
export interface PageFrontMatter {
  title: string
  aliases: string[]
  created: string
  authors: string[]
}

/** `---` YAML front matter, then the body (docs/TRANSFER.md, "Files"). */
export function withFrontMatter(meta: PageFrontMatter, body: string): string {
  const yaml = stringify(meta, { lineWidth: 0 })
  return `---\n${yaml}---\n\n${body}`
}

/** A Markdown file split into its front matter (an empty object when it has none or it is not YAML) and body. */
export function splitFrontMatter(source: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/u.exec(source)
  if (!match) return { data: {}, body: source }
  const body = source.slice(match[0].length)
  const document = parseDocument(match[1], { prettyErrors: false })
  if (document.errors.length > 0) return { data: {}, body }
  const data: unknown = document.toJS({ maxAliasCount: 10 })
  return { data: data && typeof data === 'object' && !Array.isArray(data) ? data as Record<string, unknown> : {}, body }
}
