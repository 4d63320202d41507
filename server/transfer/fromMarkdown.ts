import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type { MarkdownIt } from 'markdown-it'
import { MarkdownParser, type ParseSpec } from 'prosemirror-markdown'
import { documentSchema } from '../../shared/editor/documentSchema.ts'
import { MARKDOWN_MARKS, MARKDOWN_NODES } from './markdownTable.ts'
import { markdownTokenizer } from './markdownTokenizer.ts'
import type { MarkdownEnv } from './wikiLinkPlugin.ts'

let cached: MarkdownParser | undefined

/**
 * Parses Markdown into a page's content (a `doc` node of the shared schema). Whatever has no
 * node in the schema keeps its text; it never throws on odd Markdown.
 */
export function fromMarkdown(markdown: string, env: MarkdownEnv = {}): ProseMirrorNode {
  cached ??= markdownParser(markdownTokenizer())
  return cached.parse(markdown, env)
}

/**
 * The Markdown parser of the page schema over `tokenizer` (markdownTokenizer.ts, or one that
 * adds rules to it, as the seed does): the token table of markdownTable.ts.
 */
export function markdownParser(tokenizer: MarkdownIt): MarkdownParser {
  const schema = documentSchema()
  const tokens: Record<string, ParseSpec> = {}
  for (const row of [...Object.values(MARKDOWN_NODES), ...Object.values(MARKDOWN_MARKS)]) Object.assign(tokens, row.fromTokens)
  for (const [name, spec] of Object.entries(tokens)) {
    const type = spec.block ?? spec.node ?? spec.mark
    // A row whose node a build leaves out of the schema: its text stays.
    if (type && !schema.nodes[type] && !schema.marks[type]) tokens[name] = { ignore: true, noCloseToken: spec.noCloseToken }
  }
  return new MarkdownParser(schema, tokenizer, tokens)
}
