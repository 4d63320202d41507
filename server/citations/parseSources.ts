import { MAX_IMPORT_SOURCES, type CslItem } from '../../shared/citations/citationTypes.ts'
import { invalidInput } from '../core/AppError.ts'
import { citationJs } from './citationJs.ts'

/** What an import brings: a BibTeX or RIS file's text, or CSL-JSON items. */
export type SourceImport = { bibtex: string } | { ris: string } | { csl: Record<string, unknown>[] }

/** A RIS line: a two-character tag, two spaces, a dash (then the value). */
const RIS_LINE = /^[A-Z][A-Z0-9] {2}-( |$)/u

const refuse = (format: string, message: string) => invalidInput(`${format}: ${message}`, 'unparsable_sources')

/** A CSL-JSON item as stored: without the id citation-js or the file gave it (the row's id is the source's id). */
export function cleanCsl(item: Record<string, unknown>): CslItem {
  const { id: _id, _graph: _graph, ...rest } = item
  return { ...rest, type: typeof rest.type === 'string' && rest.type ? rest.type : 'document' }
}

/** The first line of a RIS file that is neither blank nor a tag line, 1-based, or 0. */
function badRisLine(text: string): number {
  const lines = text.split(/\r\n|\r|\n/u)
  const at = lines.findIndex((line) => line.trim() !== '' && !RIS_LINE.test(line.replace(/^\uFEFF/u, '')))
  return at + 1
}

/**
 * Parses an import with citation-js into CSL-JSON items, or throws a 400 that names the
 * line where a BibTeX or RIS file stops making sense. At most MAX_IMPORT_SOURCES items.
 */
export function parseSources(input: SourceImport): CslItem[] {
  const { plugins } = citationJs()
  let items: Record<string, unknown>[]
  if ('bibtex' in input) {
    try {
      items = plugins.input.chain(input.bibtex, { forceType: '@biblatex/text', generateGraph: false }) as unknown as Record<string, unknown>[]
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const line = /at line (\d+)/u.exec(message)?.[1]
      throw refuse('bibtex', line ? `line ${line}: ${message.split('\n')[0].replace(/ at line \d+ col \d+:?$/u, '')}` : message.split('\n')[0])
    }
  } else if ('ris' in input) {
    const bad = badRisLine(input.ris)
    if (bad) throw refuse('ris', `line ${bad}: not a RIS tag line ("XX  - value")`)
    items = plugins.input.chain(input.ris, { forceType: '@ris/file', generateGraph: false }) as unknown as Record<string, unknown>[]
  } else {
    items = input.csl
  }
  const format = Object.keys(input)[0]
  if (items.length === 0) throw refuse(format, 'no entry found')
  if (items.length > MAX_IMPORT_SOURCES) throw refuse(format, `${items.length} entries; at most ${MAX_IMPORT_SOURCES} are imported at once`)
  return items.map(cleanCsl)
}
