import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import GithubSlugger from 'github-slugger'
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const markdown = new MarkdownIt()

/** README.md and every Markdown file of docs/. */
function documentationFiles(): string[] {
  const docs = join(root, 'docs')
  return [join(root, 'README.md'), ...readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => join(docs, f))]
}

/** Every inline token of a Markdown file, flattened (links sit inside inline tokens). */
function inlineTokens(file: string) {
  return markdown.parse(readFileSync(file, 'utf8'), {}).flatMap((t) => [t, ...(t.children ?? [])])
}

/** The anchors GitHub gives a file's headings. */
function headingAnchors(file: string): Set<string> {
  const slugger = new GithubSlugger()
  const tokens = markdown.parse(readFileSync(file, 'utf8'), {})
  const anchors = new Set<string>()
  tokens.forEach((t, i) => {
    if (t.type === 'heading_open') anchors.add(slugger.slug(tokens[i + 1]!.content))
  })
  return anchors
}

/** The relative links of a file that lead nowhere: a missing file, or a missing heading anchor. */
function brokenLinks(file: string): string[] {
  const broken: string[] = []
  for (const token of inlineTokens(file)) {
    if (token.type !== 'link_open') continue
    const href = String(token.attrGet('href') ?? '')
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue // http:, mailto: … are not ours to check
    const [path, anchor] = href.split('#') as [string, string | undefined]
    const target = path === '' ? file : join(dirname(file), decodeURIComponent(path))
    if (!existsSync(target)) broken.push(`${href} (no such file)`)
    else if (anchor && target.endsWith('.md') && statSync(target).isFile() && !headingAnchors(target).has(anchor)) {
      broken.push(`${href} (no such heading)`)
    }
  }
  return broken
}

describe('documentation links', () => {
  for (const file of documentationFiles()) {
    it(`every relative link in ${relative(root, file)} leads to a file and heading that exist`, () => {
      expect(brokenLinks(file)).toEqual([])
    })
  }

  it('reports a link to a missing file and one to a missing heading', () => {
    const dir = mkdtempSync(join(tmpdir(), 'palimpsest-docs-'))
    try {
      const file = join(dir, 'PROBE.md')
      writeFileSync(file, '# Probe\n\n[here](#probe) [gone](GONE.md) [nowhere](#nowhere) [web](https://example.org/x.md)\n')
      expect(brokenLinks(file)).toEqual(['GONE.md (no such file)', '#nowhere (no such heading)'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
