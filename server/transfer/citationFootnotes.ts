import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type { CitationAttributes } from '../../shared/editor/Citation.ts'

/** What a footnote stands for when it is read back: a citation (source or note) or a citation-needed marker. */
export type FootnoteMeaning = { type: 'citation'; attrs: CitationAttributes } | { type: 'citationNeeded' }

/** The text of a citation-needed marker's footnote. */
export const CITATION_NEEDED_TEXT = 'Citation needed.'

const SEPARATOR = ' — '

/** The text of a citation's footnote: the formatted source, its locator, its quotation; or a note's words. */
export function footnoteTextOf(node: ProseMirrorNode, sourceText: (id: string) => string | undefined): string {
  if (node.type.name === 'citationNeeded') return CITATION_NEEDED_TEXT
  const attr = (key: string) => (typeof node.attrs[key] === 'string' ? (node.attrs[key] as string) : '').replace(/\s+/gu, ' ').trim()
  const sourceId = attr('sourceId')
  if (!sourceId) return attr('note')
  const parts = [sourceText(sourceId) ?? 'Missing source.']
  if (attr('locator')) parts.push(attr('locator'))
  if (attr('quote')) parts.push(`“${attr('quote')}”`)
  return parts.join(SEPARATOR)
}

/**
 * Numbers the footnotes of one Markdown file as it is written: by first use, one number per
 * distinct footnote text (a source cited again at the same place keeps its number).
 */
export class FootnoteNumbers {
  private readonly numbers = new Map<string, number>()

  /** The number of the footnote with this text (Markdown, escaped). */
  numberFor(text: string): number {
    let number = this.numbers.get(text)
    if (number === undefined) {
      number = this.numbers.size + 1
      this.numbers.set(text, number)
    }
    return number
  }

  /** The definitions, `[^n]: text` one per line (the texts as given to numberFor, Markdown already). */
  definitions(): string {
    return [...this.numbers].map(([text, number]) => `[^${number}]: ${text}`).join('\n')
  }
}

/**
 * What a footnote's text means on import: "Citation needed." is a marker; a text starting with
 * one of `sources`' formatted texts (id → text) cites that source, the rest giving the locator
 * and quotation as footnoteTextOf writes them; anything else is a note.
 */
export function footnoteMeaning(text: string, sources: ReadonlyMap<string, string>): FootnoteMeaning {
  const trimmed = text.replace(/\s+/gu, ' ').trim()
  if (/^citation needed\.?$/iu.test(trimmed)) return { type: 'citationNeeded' }
  let best: { id: string; length: number } | null = null
  for (const [id, source] of sources) {
    if (!source || (trimmed !== source && !trimmed.startsWith(source + SEPARATOR))) continue
    if (!best || source.length > best.length) best = { id, length: source.length }
  }
  if (best) {
    const { locator, quote } = locatorAndQuote(trimmed.slice(best.length))
    return { type: 'citation', attrs: { sourceId: best.id, locator, quote, note: '' } }
  }
  return { type: 'citation', attrs: { sourceId: '', locator: '', quote: '', note: trimmed } }
}

/** The locator and quotation after a formatted source: ` — locator`, ` — “quote”`, or both in that order. */
function locatorAndQuote(rest: string): { locator: string; quote: string } {
  const quoteOnly = /^ — “(.*)”$/su.exec(rest)
  if (quoteOnly) return { locator: '', quote: quoteOnly[1] }
  const both = /^ — (.*?) — “(.*)”$/su.exec(rest)
  if (both) return { locator: both[1], quote: both[2] }
  return { locator: rest.replace(/^ — /u, ''), quote: '' }
}
