import type { CslItem } from '../../shared/citations/citationTypes.ts'

/** How an entry known only through the review says so (its `note`). */
export const AS_DESCRIBED = 'As described in the review by Clara Weiss; not checked against the original.'

/**
 * The seeded space's source library: the review every page is written from, first, then the
 * works the review itself discusses, each only as far as the review describes it (a title the
 * review does not give is not guessed). The bibliography page lists the same works.
 */
export const SEED_SOURCES: CslItem[] = [
  {
    type: 'article-newspaper',
    author: [{ family: 'Weiss', given: 'Clara' }],
    title: 'Dear Comrades: Russian film about the 1962 Novocherkassk massacre',
    'container-title': 'World Socialist Web Site',
    issued: { 'date-parts': [[2021, 2, 9]] },
  },
  {
    type: 'motion_picture',
    title: 'Dear Comrades!',
    director: [{ family: 'Konchalovsky', given: 'Andrey' }],
    note: AS_DESCRIBED,
  },
  {
    type: 'book',
    author: [{ family: 'Trotsky', given: 'Leon' }],
    title: 'The Revolution Betrayed',
    issued: { 'date-parts': [[1936]] },
    note: AS_DESCRIBED,
  },
  {
    type: 'book',
    author: [{ family: 'Rogovin', given: 'Vadim' }],
    title: 'An account of the Great Terror (title not given in the review)',
    note: AS_DESCRIBED,
  },
  {
    type: 'document',
    author: [{ family: 'Kozlov', given: 'Vladimir' }],
    title: 'Writings on Soviet unrest and the Novocherkassk strike (titles not given in the review)',
    note: AS_DESCRIBED,
  },
  {
    type: 'speech',
    author: [{ family: 'Khrushchev', given: 'Nikita' }],
    title: 'Secret Speech to the 20th Party Congress',
    issued: { 'date-parts': [[1956, 2]] },
    note: AS_DESCRIBED,
  },
]

/**
 * The key a seed page cites each entry of SEED_SOURCES by, in the same order:
 * `[^review ¶12]` cites the review's twelfth paragraph (reviewParagraphs.ts).
 */
export const SEED_SOURCE_KEYS = ['review', 'film', 'trotsky', 'rogovin', 'kozlov', 'khrushchev']
