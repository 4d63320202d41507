/** The edition of the seeded encyclopedia this version of Palimpsest ships (docs/SEED.md). */
export const SEED_EDITION = 2

/** The summary of the revision each page gets from this edition, fresh or upgraded. */
export const SEED_EDITION_SUMMARY = 'Seed, second edition'

/**
 * Titles of the pages this edition adds. An upgrade creates them when missing; a page of an
 * earlier edition that is missing was deleted by a user and stays deleted.
 */
export const SEED_EDITION_NEW_PAGES: string[] = ['Pabloism and the Fourth International']
