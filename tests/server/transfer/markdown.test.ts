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

\`\`\`javascript
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

  it('reads a fence\'s language as one the editor knows: a short name becomes its full name, an unknown one none', () => {
    const languages = (markdown: string) => (fromMarkdown(markdown).toJSON().content as { attrs: { language: unknown } }[]).map((block) => block.attrs.language)
    expect(languages('```js\na\n```\n\n```Python\nb\n```\n\n```brainfuck\nc\n```\n\n```\nd\n```')).toEqual(['javascript', 'python', null, null])
  })

  it('turns [[Title]] and [[Target|text]] into wikiLink marks, cross-space targets included', () => {
    const json = JSON.stringify(fromMarkdown('[[Strike]], [[other-space:Strike]] and [[Novocherkassk massacre|the massacre]]').toJSON())
    expect(json).toContain('{"type":"wikiLink","attrs":{"target":"Strike"}}')
    expect(json).toContain('{"type":"wikiLink","attrs":{"target":"other-space:Strike"}}')
    expect(json).toContain('"marks":[{"type":"wikiLink","attrs":{"target":"Novocherkassk massacre"}}],"text":"the massacre"')
  })

  it('writes citations, notes and citation-needed markers as footnotes and reads them back', () => {
    const sources = new Map([['source-1', 'Weiss, Alex. 2021. “Dear Comrades! Review.” Example Review.']])
    const markdown = `Workers struck.[^1] Soldiers fired.[^2] The count is disputed.[^3] Again.[^1] A quote.[^4]

[^1]: Weiss, Alex. 2021. “Dear Comrades! Review.” Example Review. — ¶12 — “They fired.”
[^2]: A note with \\[brackets\\] and \\*stars\\*.
[^3]: Citation needed.
[^4]: Weiss, Alex. 2021. “Dear Comrades! Review.” Example Review. — “Only a quotation.”
`
    const doc = fromMarkdown(markdown, { sources })
    const nodes: unknown[] = []
    doc.descendants((node) => { if (node.type.name.startsWith('citation')) nodes.push({ type: node.type.name, ...node.attrs }) })
    expect(nodes).toEqual([
      { type: 'citation', sourceId: 'source-1', locator: '¶12', quote: 'They fired.', note: '' },
      { type: 'citation', sourceId: '', locator: '', quote: '', note: 'A note with [brackets] and *stars*.' },
      { type: 'citationNeeded' },
      { type: 'citation', sourceId: 'source-1', locator: '¶12', quote: 'They fired.', note: '' },
      { type: 'citation', sourceId: 'source-1', locator: '', quote: 'Only a quotation.', note: '' },
    ])
    expect(toMarkdown(doc, { sourceText: (id) => sources.get(id) })).toBe(markdown)
    // Without the space's sources the same footnotes are notes, written back to the same Markdown.
    const asNotes = fromMarkdown(markdown)
    expect(JSON.stringify(asNotes.toJSON())).not.toContain('source-1')
    expect(toMarkdown(asNotes)).toBe(markdown)
  })

  it('keeps the text of a footnote nobody refers to, and reads inline footnotes as notes', () => {
    const doc = fromMarkdown('Text^[An inline note.] here.\n\n[^orphan]: Words nobody cites.\n')
    expect(doc.textContent).toContain('Words nobody cites.')
    expect(toMarkdown(doc)).toBe('Text[^1] here.\n\nWords nobody cites.\n\n[^1]: An inline note.\n')
  })

  it('writes images and files as links to their attachments on the site, and an image without one as its alt text', () => {
    const schema = getSchema(documentExtensions())
    const id = 'a'.repeat(32)
    const doc = schema.node('doc', null, [
      schema.node('image', { src: `/api/attachments/${id}`, alt: 'The square [1962]', caption: 'Crowd "before" the shots' }),
      schema.node('fileAttachment', { src: `/api/attachments/${id}`, name: 'report_1962.pdf', size: 10, contentType: 'application/pdf' }),
      schema.node('image', { src: null, alt: 'Lost picture' }),
    ])
    expect(toMarkdown(doc, { origin: 'https://wiki.example.org' })).toBe([
      `![The square \\[1962\\]](https://wiki.example.org/api/attachments/${id} "Crowd \\"before\\" the shots")`,
      `[report_1962.pdf](https://wiki.example.org/api/attachments/${id})`,
      'Lost picture',
    ].join('\n\n') + '\n')
  })

  it('keeps the text of what the schema has no node for: raw HTML, images', () => {
    const doc = fromMarkdown('<script>alert(1)</script>\n\n![a picture](x.png)\n')
    expect(doc.textContent).toContain('<script>alert(1)</script>')
    expect(doc.textContent).toContain('a picture')
  })

  it('writes tables as GFM tables and reads them back: header row, inline Markdown, pipes, several paragraphs in a cell', () => {
    const markdown = `| Date | What \`a\\|b\` |
| --- | --- |
| 1 June | **Strike** at the [[Budyonny works]]<br>second paragraph |
| 2 June | a \\| b[^1] |

[^1]: A note.
`
    const doc = fromMarkdown(markdown)
    const table = doc.firstChild!
    expect(table.type.name).toBe('table')
    expect(table.firstChild!.firstChild!.type.name).toBe('tableHeader')
    expect(table.child(1).child(1).childCount).toBe(2)
    expect(table.child(2).child(1).textContent).toBe('a | b A note. ')
    expect(toMarkdown(doc)).toBe(markdown)
  })

  it('writes a table GFM cannot hold without losing text: merged cells spread out, a list in a cell as its lines', () => {
    const schema = getSchema(documentExtensions())
    const p = (text: string) => schema.node('paragraph', null, text ? [schema.text(text)] : [])
    const cell = (attrs: object | null, ...blocks: ReturnType<typeof p>[]) => schema.node('tableCell', attrs, blocks)
    const doc = schema.node('doc', null, [schema.node('table', null, [
      schema.node('tableRow', null, [cell({ colspan: 2 }, p('wide')), cell(null, p('c'))]),
      schema.node('tableRow', null, [
        schema.node('tableCell', { rowspan: 2 }, [p('tall'), schema.node('bulletList', null, [schema.node('listItem', null, [p('an item')])])]),
        cell(null, p('x')), cell(null, p('y')),
      ]),
      schema.node('tableRow', null, [cell(null, p('z')), cell(null, p(''))]),
    ])])
    const markdown = toMarkdown(doc)
    expect(markdown).toBe('| wide |  | c |\n| --- | --- | --- |\n| tall<br>an item | x | y |\n|  | z |  |\n')
    expect(fromMarkdown(markdown).textContent).toBe('widectallan itemxyz')
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
