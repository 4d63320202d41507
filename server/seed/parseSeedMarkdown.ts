import type { JSONContent } from '@tiptap/core'
import { REVIEW_PARAGRAPHS } from './reviewParagraphs.ts'
import { SEED_SOURCE_KEYS } from './seedSources.ts'

type MarkJSON = { type: string; attrs?: Record<string, unknown> }

/** Builds the error every seed parsing problem throws: file, line, then what is wrong. */
export function seedError(fileName: string, line: number, message: string): Error {
  return new Error(`${fileName}:${line}: ${message}`)
}

/** A seed citation: `[^key]`, `[^key ¶N]` or `[^key ¶N "quotation"]` (the paragraph sign only for the review). */
const CITATION = /^\[\^([a-z]+)(?: ¶(\d+))?(?: "([^"\]]+)")?\]/u

/**
 * Parses one line of the seed Markdown subset's inline syntax (`**bold**`, `*italic*`,
 * `[[Title]]`, `[[Title|shown]]`, citations `[^review ¶12 "quotation"]`) into inline nodes.
 * A citation's `sourceId` is the source's seed key (seedSources.ts); the seed swaps it for the
 * id of the source it inserted. Unclosed or empty constructs and unknown keys throw.
 */
export function parseSeedInline(text: string, fileName: string, line: number): JSONContent[] {
  const nodes: JSONContent[] = []
  let bold = false
  let italic = false
  let buffer = ''
  const fail = (message: string) => seedError(fileName, line, message)
  const styleMarks = (): MarkJSON[] => [
    ...(bold ? [{ type: 'bold' }] : []),
    ...(italic ? [{ type: 'italic' }] : []),
  ]
  const push = (value: string, marks: MarkJSON[]) => {
    if (!value) return
    const previous = nodes.at(-1)
    if (previous?.type === 'text' && JSON.stringify(previous.marks ?? []) === JSON.stringify(marks)) {
      previous.text += value
      return
    }
    nodes.push(marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value })
  }
  const flush = () => {
    push(buffer, styleMarks())
    buffer = ''
  }

  let i = 0
  while (i < text.length) {
    if (text.startsWith('[[', i)) {
      const end = text.indexOf(']]', i + 2)
      if (end < 0) throw fail(`unclosed wiki link "${text.slice(i, i + 30)}"`)
      const inner = text.slice(i + 2, end)
      if (inner.includes('[[')) throw fail(`unclosed wiki link "${text.slice(i, end + 2)}"`)
      const bar = inner.indexOf('|')
      const target = (bar < 0 ? inner : inner.slice(0, bar)).trim()
      const shown = bar < 0 ? target : inner.slice(bar + 1).trim()
      if (!target) throw fail(`wiki link with an empty target "[[${inner}]]"`)
      if (!shown) throw fail(`wiki link with empty shown text "[[${inner}]]"`)
      if (/[[\]|#<>{}]/u.test(shown)) throw fail(`wiki link shown text has forbidden characters "[[${inner}]]"`)
      flush()
      push(shown, [...styleMarks(), { type: 'wikiLink', attrs: { target } }])
      i = end + 2
    } else if (text.startsWith('[^', i)) {
      const match = CITATION.exec(text.slice(i))
      if (!match) throw fail(`malformed citation "${text.slice(i, i + 30)}"; write [^key ¶N "quotation"]`)
      const [whole, key, paragraph, quote] = match
      if (!SEED_SOURCE_KEYS.includes(key)) throw fail(`unknown source key "${key}"`)
      if (paragraph !== undefined && key !== 'review') throw fail('only the review has numbered paragraphs')
      if (paragraph !== undefined && (Number(paragraph) < 1 || Number(paragraph) > REVIEW_PARAGRAPHS)) {
        throw fail(`the review has no paragraph ${paragraph}`)
      }
      flush()
      nodes.push({ type: 'citation', attrs: { sourceId: key, locator: paragraph ? `¶${paragraph}` : '', quote: quote ?? '', note: '' } })
      i += whole.length
    } else if (text.startsWith(']]', i)) {
      throw fail('"]]" without a matching "[["')
    } else if (text.startsWith('**', i)) {
      flush()
      bold = !bold
      i += 2
    } else if (text[i] === '*') {
      flush()
      italic = !italic
      i += 1
    } else if (text[i] === '[' && /^\[[^\]]*\]\(/u.test(text.slice(i))) {
      throw fail('plain Markdown links are not supported; use [[Title]]')
    } else if (text[i] === '<' && /^<\/?[a-z]/iu.test(text.slice(i))) {
      throw fail('HTML is not supported')
    } else {
      buffer += text[i]
      i += 1
    }
  }
  if (bold) throw fail('unclosed "**" (bold)')
  if (italic) throw fail('unclosed "*" (italic)')
  flush()
  return nodes
}

/** A source line with its 1-based number in the file. */
export interface SeedLine {
  text: string
  number: number
}

const BULLET = /^- (.*)$/u
const ORDERED = /^(\d+)\. (.*)$/u
const QUOTE = /^> ?(.*)$/u
const HEADING = /^(#{2,3}) (.+)$/u

/** Parses the body lines of a seed page into block nodes (headings, paragraphs, lists, quotes). */
export function parseSeedBlocks(lines: SeedLine[], fileName: string): JSONContent[] {
  const blocks: JSONContent[] = []
  const paragraph = (parts: SeedLine[]): JSONContent => {
    const content = parseSeedInline(parts.map((p) => p.text.trim()).join(' '), fileName, parts[0].number)
    return content.length ? { type: 'paragraph', content } : { type: 'paragraph' }
  }
  let i = 0
  while (i < lines.length) {
    const { text, number } = lines[i]
    const fail = (message: string) => seedError(fileName, number, message)
    if (!text.trim()) {
      i += 1
      continue
    }
    if (/^\s/u.test(text)) throw fail('unexpected indentation')
    const heading = HEADING.exec(text)
    if (heading) {
      const content = parseSeedInline(heading[2].trim(), fileName, number)
      blocks.push({ type: 'heading', attrs: { level: heading[1].length }, content })
      i += 1
      continue
    }
    if (text.startsWith('#')) throw fail('only "## " and "### " headings are supported')
    if (/^(\||```|~~~|---|\* |\+ |!\[)/u.test(text)) throw fail(`unsupported syntax "${text.slice(0, 20)}"`)

    if (QUOTE.test(text)) {
      const parts: SeedLine[] = []
      while (i < lines.length && QUOTE.test(lines[i].text)) {
        const inner = QUOTE.exec(lines[i].text)![1]
        if (!inner.trim()) throw seedError(fileName, lines[i].number, 'a blockquote holds a single paragraph')
        parts.push({ text: inner, number: lines[i].number })
        i += 1
      }
      blocks.push({ type: 'blockquote', content: [paragraph(parts)] })
      continue
    }

    const listKind = BULLET.test(text) ? 'bulletList' : ORDERED.test(text) ? 'orderedList' : null
    if (listKind) {
      const pattern = listKind === 'bulletList' ? BULLET : ORDERED
      const items: SeedLine[][] = []
      while (i < lines.length && lines[i].text.trim()) {
        const current = lines[i]
        const match = pattern.exec(current.text)
        if (match && !match.at(-1)!.trim()) throw seedError(fileName, current.number, 'empty list item')
        if (match) items.push([{ text: match.at(-1)!, number: current.number }])
        else if (/^ {2,}\S/u.test(current.text)) items.at(-1)!.push(current)
        else throw seedError(fileName, current.number, 'a list must end with a blank line')
        i += 1
      }
      const list: JSONContent = {
        type: listKind,
        content: items.map((parts) => ({ type: 'listItem', content: [paragraph(parts)] })),
      }
      if (listKind === 'orderedList') list.attrs = { start: Number(ORDERED.exec(text)![1]) }
      blocks.push(list)
      continue
    }

    const parts: SeedLine[] = []
    while (i < lines.length && lines[i].text.trim()) {
      const current = lines[i]
      if (HEADING.test(current.text) || QUOTE.test(current.text) || BULLET.test(current.text) || ORDERED.test(current.text)) {
        throw seedError(fileName, current.number, 'put a blank line before a heading, list or quote')
      }
      if (/^\s/u.test(current.text)) throw seedError(fileName, current.number, 'unexpected indentation')
      if (/^(#|\||```)/u.test(current.text)) throw seedError(fileName, current.number, `unsupported syntax "${current.text.slice(0, 20)}"`)
      parts.push(current)
      i += 1
    }
    blocks.push(paragraph(parts))
  }
  return blocks
}
