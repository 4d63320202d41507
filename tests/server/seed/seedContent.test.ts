import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, expect } from 'vitest'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { normalizeTitle, titleProblem } from '../../../shared/wikiTitle.ts'
import { loadSeedPages, parseSeedPage, seedPageLinks, seedPageText, type SeedPage } from '../../../server/seed/parseSeedPage.ts'

const pagesDir = new URL('../../../server/seed/pages/', import.meta.url)
const reviewFile = new URL('../../../../shared/seed/dear-comrades-review.md', import.meta.url)
const REQUIRED_TITLES = ['Novocherkassk massacre', 'Dear Comrades!', 'Historiography of the Novocherkassk massacre']
const SHINGLE = 12

let cached: SeedPage[] | undefined
const pages = () => (cached ??= loadSeedPages(pagesDir))
const titleKeys = () => new Set(pages().map((page) => normalizeTitle(page.title)))

/** Lowercase words with punctuation stripped, as the copying check compares them. */
function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
}

/** Distinct link targets of a page that point to some page other than itself. */
function outgoing(page: SeedPage): Set<string> {
  const own = normalizeTitle(page.title)
  return new Set(seedPageLinks(page.doc).map(normalizeTitle).filter((key) => key !== own))
}

function shingles(list: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + SHINGLE <= list.length; i += 1) out.push(list.slice(i, i + SHINGLE).join(' '))
  return out
}

describe('the seeded encyclopedia', () => {
  it('parses every seed file without an error.', () => {
    const files = readdirSync(pagesDir).filter((name) => name.endsWith('.md'))
    expect(files.length).toBeGreaterThan(0)
    for (const name of files) {
      expect(() => parseSeedPage(readFileSync(new URL(name, pagesDir), 'utf8'), name), name).not.toThrow()
    }
  })

  it('produces documents that validate against the document schema.', () => {
    const schema = documentSchema()
    for (const page of pages()) {
      expect(() => schema.nodeFromJSON(page.doc).check(), page.title).not.toThrow()
    }
  })

  it('has titles that stay unique once normalized.', () => {
    expect(titleKeys().size).toBe(pages().length)
  })

  it('contains the three required pages with their exact titles.', () => {
    const titles = pages().map((page) => page.title)
    for (const title of REQUIRED_TITLES) expect(titles).toContain(title)
  })

  it('has at least twenty-four pages.', () => {
    expect(pages().length).toBeGreaterThanOrEqual(24)
  })

  it('links only to well-formed targets.', () => {
    for (const page of pages()) {
      for (const target of seedPageLinks(page.doc)) {
        expect(target.trim(), page.title).not.toBe('')
        expect(titleProblem(target), `${page.title} → ${target}`).toBeNull()
      }
    }
  })

  it('gives every page at least 120 words of prose.', () => {
    for (const page of pages()) {
      const prose = seedPageText(page.doc)
      expect(words(prose).length, page.title).toBeGreaterThanOrEqual(120)
    }
  })

  it('gives every page links to at least three other pages.', () => {
    for (const page of pages()) expect(outgoing(page).size, page.title).toBeGreaterThanOrEqual(3)
  })

  it('leaves the references to the generated list: no page has a hand-written Sources section.', () => {
    for (const page of pages()) {
      const headings = (page.doc.content ?? []).filter((block) => block.type === 'heading').map(seedPageText)
      expect(headings, page.title).not.toContain('Sources')
    }
  })

  it('links to every page from at least one other page.', () => {
    const incoming = new Set(pages().flatMap((page) => [...outgoing(page)]))
    const orphans = pages().filter((page) => !incoming.has(normalizeTitle(page.title))).map((page) => page.title)
    expect(orphans).toEqual([])
  })

  it('keeps a few red links, between three and six, to pages not written.', () => {
    const keys = titleKeys()
    const red = pages().flatMap((page) => seedPageLinks(page.doc)).filter((target) => !keys.has(normalizeTitle(target)))
    expect(red.length).toBeGreaterThanOrEqual(3)
    expect(red.length).toBeLessThanOrEqual(6)
  })

  it.skipIf(!existsSync(reviewFile))('copies no run of twelve consecutive words from the review.', () => {
    const review = new Set(shingles(words(readFileSync(reviewFile, 'utf8'))))
    const copied = pages().flatMap((page) =>
      shingles(words(seedPageText(page.doc))).filter((run) => review.has(run)).map((run) => `${page.title}: ${run}`))
    expect(copied).toEqual([])
  })
})

const page = (body: string, title = 'Example') => parseSeedPage(`---\ntitle: ${title}\n---\n${body}\n`, 'example.md')
const blocks = (body: string) => page(body).doc.content ?? []

describe('parseSeedPage', () => {
  it('turns a link with shown text into that text carrying a wikiLink mark to the target.', () => {
    expect(blocks('See [[Nikita Khrushchev|the leader]] now.')[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'See ' },
        { type: 'text', text: 'the leader', marks: [{ type: 'wikiLink', attrs: { target: 'Nikita Khrushchev' } }] },
        { type: 'text', text: ' now.' },
      ],
    })
  })

  it('shows a bare link target as the link text.', () => {
    expect(blocks('[[Dear Comrades!]]')[0].content).toEqual([
      { type: 'text', text: 'Dear Comrades!', marks: [{ type: 'wikiLink', attrs: { target: 'Dear Comrades!' } }] },
    ])
  })

  it('marks bold and italic text, including a link inside bold text.', () => {
    expect(blocks('*Film* and **the [[Plant]] strike**')[0].content).toEqual([
      { type: 'text', text: 'Film', marks: [{ type: 'italic' }] },
      { type: 'text', text: ' and ' },
      { type: 'text', text: 'the ', marks: [{ type: 'bold' }] },
      // Marks in the schema's order, as ProseMirror keeps them.
      { type: 'text', text: 'Plant', marks: [{ type: 'wikiLink', attrs: { target: 'Plant' } }, { type: 'bold' }] },
      { type: 'text', text: ' strike', marks: [{ type: 'bold' }] },
    ])
  })

  it('turns bullet and numbered lists into list items holding paragraphs.', () => {
    const [bullets, numbered] = blocks('- one\n- two [[Link]]\n\n3. three\n4. four')
    expect(bullets.type).toBe('bulletList')
    expect(bullets.content?.map((item) => [item.type, item.content?.[0].type, seedPageText(item)])).toEqual([
      ['listItem', 'paragraph', 'one'],
      ['listItem', 'paragraph', 'two Link'],
    ])
    expect(numbered).toMatchObject({ type: 'orderedList', attrs: { start: 3 } })
    expect(numbered.content).toHaveLength(2)
  })

  it('turns consecutive quote lines into one blockquote holding one paragraph.', () => {
    expect(blocks('> first line\n> second line')).toEqual([
      { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'first line second line' }] }] },
    ])
  })

  it('keeps heading levels and joins wrapped paragraph lines with a space.', () => {
    const doc = blocks('## Two\n\n### Three\n\nA wrapped\nparagraph.')
    expect(doc.map((block) => [block.type, block.attrs?.level, seedPageText(block)])).toEqual([
      ['heading', 2, 'Two'],
      ['heading', 3, 'Three'],
      ['paragraph', undefined, 'A wrapped paragraph.'],
    ])
    expect(() => documentSchema().nodeFromJSON(page('## Two\n\nText').doc).check()).not.toThrow()
  })

  it('lists link targets in document order.', () => {
    expect(seedPageLinks(page('[[A]] and **[[B|b]]**\n\n- [[C]]').doc)).toEqual(['A', 'B', 'C'])
  })

  it.each([
    ['an unclosed wiki link', '---\ntitle: T\n---\nText [[Open link', 'example.md:4', /unclosed wiki link/],
    ['an empty link target', '---\ntitle: T\n---\n\nText [[ |shown]]', 'example.md:5', /empty target/],
    ['a missing title', '---\n---\nText', 'example.md:1', /no title/],
    ['an unknown front matter key', '---\ntitle: T\nauthor: X\n---\nText', 'example.md:3', /unknown front matter key/],
    ['missing front matter', 'Just text', 'example.md:1', /front matter/],
    ['a level-one heading', '---\ntitle: T\n---\n# Big', 'example.md:4', /headings/],
    ['a table', '---\ntitle: T\n---\n| a | b |', 'example.md:4', /unsupported syntax/],
    ['an unclosed bold', '---\ntitle: T\n---\n**bold text', 'example.md:4', /unclosed "\*\*"/],
    ['a plain Markdown link', '---\ntitle: T\n---\nA [link](http://x)', 'example.md:4', /plain Markdown links/],
    ['a stray closing bracket pair', '---\ntitle: T\n---\nA ]] b', 'example.md:4', /without a matching/],
  ])('throws an error naming the file and line for %s.', (_name, source, where, message) => {
    expect(() => parseSeedPage(source, 'example.md')).toThrow(where)
    expect(() => parseSeedPage(source, 'example.md')).toThrow(message)
  })

  it('loads pages sorted by file name and refuses two pages with the same title.', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-pages-'))
    try {
      writeFileSync(join(dir, 'b.md'), '---\ntitle: Bee\n---\nB')
      writeFileSync(join(dir, 'a.md'), '---\ntitle: Ay\n---\nA')
      writeFileSync(join(dir, 'notes.txt'), 'ignored')
      expect(loadSeedPages(dir).map((p) => p.title)).toEqual(['Ay', 'Bee'])
      writeFileSync(join(dir, 'c.md'), '---\ntitle: ay\n---\nC')
      expect(() => loadSeedPages(dir)).toThrow(/already used/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
