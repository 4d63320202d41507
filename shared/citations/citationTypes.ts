/** A CSL-JSON item as the API carries it (https://citationstyles.org: author, title, issued, URL, …). */
export type CslItem = Record<string, unknown> & { type?: string; title?: string }

/** A source of a space's library. */
export interface ApiSource {
  id: string
  csl: CslItem
}

/** A source formatted in the space's citation style (HTML from citeproc, escaped by it). */
export interface ApiFormattedSource {
  id: string
  /** The bibliography entry as HTML; '' when the source is missing. */
  html: string
  /** The entry as plain text. */
  text: string
  missing: boolean
}

/** A page that cites a source, or holds a citation-needed marker. */
export interface ApiCitingPage {
  pageId: string
  title: string
  slug: string
  /** How many times it cites the source (or holds markers). */
  uses: number
}

/** The citation styles a space may pick; the first is the default. */
export const CITATION_STYLES = ['chicago-author-date', 'apa', 'modern-language-association', 'harvard1'] as const
export type CitationStyle = (typeof CITATION_STYLES)[number]

/** Most sources one import may bring (a larger library is imported in parts). */
export const MAX_IMPORT_SOURCES = 5000
