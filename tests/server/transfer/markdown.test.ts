import { getSchema, Node } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { documentExtensions } from '../../../shared/editor/documentExtensions.ts'
import { fromMarkdown } from '../../../server/transfer/fromMarkdown.ts'
import { markdownSerializer, serializeMarkdown, toMarkdown } from '../../../server/transfer/toMarkdown.ts'

const RICH = `## A heading

Plain, **bold**, *italic*, ~~struck~~, \`code\`, a [web link](https://example.org/a), [[Dear Comrades!]], [[**Bold title**]], [[other-space:Strike]] and [[Novocherkassk massacre|the massacre]].

- one
- two
  - nested

3. three
4. four

> A quote with [[Nikita Khrushchev]].

\`\`\`js
const x = 1
\`\`\`

---

Last line\\
after a hard break.
`

describe('Markdown of a page', () => {
  it('writes every node and mark of the schema and reads it back to the same document', () => {
    const doc = fromMarkdown(RICH)
    expect(toMarkdown(doc)).toBe(RICH)
    expect(fromMarkdown(toMarkdown(doc)).eq(doc)).toBe(true)
  })

  it('turns [[Title]] and [[Target|text]] into wikiLink marks, cross-space targets included', () => {
    const json = JSON.stringify(fromMarkdown('[[Strike]], [[other-space:Strike]] and [[Novocherkassk massacre|the massacre]]').toJSON())
    expect(json).toContain('{"type":"wikiLink","attrs":{"target":"Strike"}}')
    expect(json).toContain('{"type":"wikiLink","attrs":{"target":"other-space:Strike"}}')
    expect(json).toContain('"marks":[{"type":"wikiLink","attrs":{"target":"Novocherkassk massacre"}}],"text":"the massacre"')
  })

  it('keeps the text of what the schema has no node for: raw HTML, tables, images', () => {
    const doc = fromMarkdown('<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![a picture](x.png)\n')
    expect(doc.textContent).toContain('<script>alert(1)</script>')
    expect(doc.textContent).toContain('| a | b |')
    expect(doc.textContent).toContain('a picture')
  })

  it('resolves relative links to Markdown files and [[path/Note]] through the resolver it is given', () => {
    const resolveLink = (href: string) => (href.startsWith('Other%20page.md') || href === 'notes/Other page' ? 'Other page' : null)
    const json = JSON.stringify(fromMarkdown('[see](Other%20page.md#part), [[notes/Other page]] and [web](https://example.org)', { resolveLink }).toJSON())
    expect(json.match(/"target":"Other page"/gu)).toHaveLength(2)
    expect(json).toContain('"href":"https://example.org"')
  })

  it('exports a node or mark nobody taught Markdown as its text, so a page never fails to export', () => {
    // A future feature's nodes, without a row in markdownTable.ts.
    const FutureInline = Node.create({ name: 'futureInline', group: 'inline', inline: true, atom: true, renderText: () => '(Weiss 2021)' })
    const FutureBlock = Node.create({ name: 'futureBlock', group: 'block', content: 'paragraph+' })
    const schema = getSchema([...documentExtensions(), FutureInline, FutureBlock])
    const doc = schema.node('doc', null, [
      schema.node('futureBlock', null, [schema.node('paragraph', null, [schema.text('As the review says '), schema.node('futureInline')])]),
      schema.node('paragraph', null, [schema.text('After.')]),
    ])
    expect(serializeMarkdown(markdownSerializer(schema), doc)).toBe('As the review says (Weiss 2021)\n\nAfter.\n')
  })
})
