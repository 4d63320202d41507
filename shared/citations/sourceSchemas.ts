import { z } from 'zod'
import { CITATION_STYLES, MAX_IMPORT_SOURCES } from './citationTypes.ts'

/** Largest CSL-JSON item, as JSON characters. */
export const MAX_CSL_ITEM_LENGTH = 20_000
/** Largest BibTeX or RIS file one import takes, in characters (the request body limit is the byte bound). */
export const MAX_IMPORT_TEXT_LENGTH = 8_000_000

/** A CSL-JSON item: an object, of reasonable size (citation-js reads the fields it knows). */
export const cslItemField = z.record(z.string(), z.unknown())
  .refine((item) => JSON.stringify(item).length <= MAX_CSL_ITEM_LENGTH, `A source is at most ${MAX_CSL_ITEM_LENGTH} characters of CSL-JSON.`)

/** Adds or replaces one source. */
export const sourceBody = z.object({ csl: cslItemField })

/** An import: a BibTeX or RIS file's text, or CSL-JSON items. */
export const importSourcesBody = z.union([
  z.strictObject({ bibtex: z.string().max(MAX_IMPORT_TEXT_LENGTH) }),
  z.strictObject({ ris: z.string().max(MAX_IMPORT_TEXT_LENGTH) }),
  z.strictObject({ csl: z.array(cslItemField).max(MAX_IMPORT_SOURCES, `At most ${MAX_IMPORT_SOURCES} sources are imported at once.`) }),
])

/** Picks a space's citation style. */
export const citationStyleBody = z.object({ style: z.enum(CITATION_STYLES) })
