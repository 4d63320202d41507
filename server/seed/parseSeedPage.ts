import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { JSONContent } from '@tiptap/core'
import { cleanTitle, normalizeTitle, titleProblem } from '../../shared/wikiTitle.ts'
import { parseSeedBlocks, seedError, type SeedLine } from './seedMarkdownParser.ts'

/** One page of the seeded encyclopedia: its title and its ProseMirror JSON document. */
export interface SeedPage {
  title: string
  doc: JSONContent
}

/**
 * Parses a seed page: front matter holding only `title:`, then the Markdown subset
 * described in seedMarkdownParser.ts. Throws an Error naming the file and line on any problem.
 */
export function parseSeedPage(source: string, fileName: string): SeedPage {
  const lines = source.replace(/^\uFEFF/u, '').split(/\r?\n/u)
  if (lines[0]?.trim() !== '---') throw seedError(fileName, 1, 'a seed page must start with "---" front matter')
  const close = lines.indexOf('---', 1)
  if (close < 0) throw seedError(fileName, 1, 'front matter is not closed with "---"')

  let title: string | null = null
  for (let i = 1; i < close; i += 1) {
    if (!lines[i].trim()) continue
    const match = /^([A-Za-z_]+):\s*(.*)$/u.exec(lines[i])
    if (!match) throw seedError(fileName, i + 1, `malformed front matter line "${lines[i]}"`)
    if (match[1] !== 'title') throw seedError(fileName, i + 1, `unknown front matter key "${match[1]}"`)
    if (title !== null) throw seedError(fileName, i + 1, 'title is given twice')
    title = cleanTitle(match[2].replace(/^"(.*)"$/u, '$1'))
    const problem = titleProblem(title)
    if (problem) throw seedError(fileName, i + 1, `bad title: ${problem}`)
  }
  if (title === null) throw seedError(fileName, 1, 'front matter has no title')

  const body: SeedLine[] = lines.slice(close + 1).map((text, index) => ({ text, number: close + 2 + index }))
  const content = parseSeedBlocks(body, fileName)
  if (!content.length) throw seedError(fileName, close + 1, 'the page has no content')
  return { title, doc: { type: 'doc', content } }
}

/**
 * Reads and parses every `*.md` page in `dir` (default: `server/seed/pages/`), sorted by
 * file name. Throws if a page is malformed or two pages share a title.
 */
export function loadSeedPages(dir: string | URL = new URL('./pages/', import.meta.url)): SeedPage[] {
  const path = dir instanceof URL ? fileURLToPath(dir) : dir
  const names = readdirSync(path).filter((name) => name.endsWith('.md')).sort()
  const seen = new Map<string, string>()
  return names.map((name) => {
    const page = parseSeedPage(readFileSync(join(path, name), 'utf8'), name)
    const key = normalizeTitle(page.title)
    const other = seen.get(key)
    if (other) throw new Error(`${name}: title "${page.title}" is already used by ${other}`)
    seen.set(key, name)
    return page
  })
}

/** The plain text of a seed document, one line per block (list items and quotes included). */
export function seedPageText(doc: JSONContent): string {
  if (doc.type === 'text') return doc.text ?? ''
  const children = doc.content ?? []
  const textblock = doc.type === 'paragraph' || doc.type === 'heading'
  return children.map(seedPageText).join(textblock ? '' : '\n')
}

/** Every wiki-link target in a seed document, in document order (duplicates kept). */
export function seedPageLinks(doc: JSONContent): string[] {
  const own = (doc.marks ?? []).filter((mark) => mark.type === 'wikiLink').map((mark) => String(mark.attrs?.target ?? ''))
  return [...own, ...(doc.content ?? []).flatMap(seedPageLinks)]
}
