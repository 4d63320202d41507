/** One citation of a page, in document order: a source (by id) or a note (its text). */
export interface CitationUse {
  sourceId: string
  note: string
}

/** Where one citation of the text stands in the references. */
export interface NumberedUse {
  /** The reference's number, 1 first. */
  number: number
  /** Its back-reference letter when the reference is cited more than once ('a', 'b', …), else ''. */
  letter: string
}

/** One entry of the generated references. */
export interface Reference {
  number: number
  /** The cited source, or '' for a note. */
  sourceId: string
  note: string
  /** One letter per use in the text when cited more than once (Wikipedia's a/b back-references); one '' else. */
  letters: string[]
}

/** The numbering of a page's citations: one answer per use, and the reference list. */
export interface CitationNumbering {
  uses: NumberedUse[]
  references: Reference[]
}

/** a…z, then aa, ab…: the back-reference letter of the `index`-th use. */
export function backLetter(index: number): string {
  let n = index
  let out = ''
  do {
    out = String.fromCharCode(97 + (n % 26)) + out
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return out
}

/**
 * Numbers citations in order of first use: a source cited again keeps its first number;
 * each note is its own entry (two notes with the same words are still two notes).
 */
export function numberCitations(uses: readonly CitationUse[]): CitationNumbering {
  const references: Reference[] = []
  const bySource = new Map<string, Reference>()
  const placed: { reference: Reference; index: number }[] = []
  for (const use of uses) {
    let reference = use.sourceId ? bySource.get(use.sourceId) : undefined
    if (!reference) {
      reference = { number: references.length + 1, sourceId: use.sourceId, note: use.sourceId ? '' : use.note, letters: [] }
      references.push(reference)
      if (use.sourceId) bySource.set(use.sourceId, reference)
    }
    placed.push({ reference, index: reference.letters.length })
    reference.letters.push('')
  }
  for (const reference of references) {
    if (reference.letters.length > 1) reference.letters = reference.letters.map((_, i) => backLetter(i))
  }
  return {
    uses: placed.map(({ reference, index }) => ({ number: reference.number, letter: reference.letters[index] })),
    references,
  }
}
