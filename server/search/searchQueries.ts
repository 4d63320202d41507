import type { Db } from '../core/db/Db.ts'
import type { SearchTerms } from './searchTerms.ts'
import { HEADLINE_OPTIONS, SNIPPET_TRANSLATE_FROM, SNIPPET_TRANSLATE_TO } from './snippetHtml.ts'

/** A page that matched, best first, with its snippet still carrying highlight markers. */
export interface SearchHitRow {
  pageId: string
  spaceId: string
  title: string
  slug: string
  spaceSlug: string
  spaceName: string
  updatedAt: Date
  /**
   * Text around the matches, matched words between HIGHLIGHT_START and HIGHLIGHT_END (see
   * snippetHtml.ts). When only the title's similarity matched (a misspelling), the title's
   * similar words are highlighted instead.
   */
  snippet: string
}

// Title similarity (pg_trgm word_similarity) that finds a title at all, and that puts it in
// the title tier. Between the two (a half-typed misspelling, say) it ranks after text matches.
const WEAK_SIMILARITY = 0.5
const STRONG_SIMILARITY = 0.6
// Title matches are scored among at most this many candidates of each kind, shortest titles
// first (the exact title always among them): a two-letter prefix can match thousands of titles,
// and scoring each costs more than the rest of the query.
const TITLE_CANDIDATES = 200
// Text-only matches are ranked among at most this many candidates (in index order): ranking
// reads each candidate's whole vector, and a common word can match most of a large wiki.
const TEXT_CANDIDATES = 200
// ts_headline reparses all the text it is given, so it gets a window of the page: from a little
// before the first place the longest typed word (or its transliteration) occurs, else the start.
const SNIPPET_WINDOW = 1_600
const SNIPPET_LEAD = 400
const PROBE_LENGTH = 5

// $1 words, $2 alternates, $3 prefix, $4 Latin query, $5 space ids, $6 limit, $10 use trigrams,
// $12 and $13 what to look for in the text to place the snippet.
const QUERY = '(search_query($1, $2, $3))'
const FUZZY = '(search_fold($4))'
// For snippets: any of the words, so a window of the text with only some of them still shows them.
const ANY_WORD = `(SELECT string_agg('(' || q::text || ')', ' | ')::tsquery
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(word, alternate, n),
    LATERAL search_query(ARRAY[word], ARRAY[alternate], $3 AND n = cardinality($1::text[])) AS q
  WHERE numnode(q) > 0)`
// Trigram similarity says little about a query of two or three letters and matches most
// titles; such queries rely on prefix matching alone.
const MIN_TRIGRAM_QUERY = 4

/**
 * Pages matching the query, best first. Title tier: pages whose title or a former title
 * matches every word (full text, both configurations, last word as a prefix) or is similar
 * to the query (trigrams: misspellings, transliterations), ranked exact title, exact former
 * title, title, former title, then by similarity. Text tier, looked at only when the title
 * tier leaves room: pages whose text matches every word, by full-text rank. Last come titles
 * only weakly similar to the query.
 */
const SEARCH_SQL = `
  WITH matched_titles AS (
    SELECT d.page_id FROM search_titles d WHERE d.title_key = ${FUZZY} AND d.space_id = ANY ($5::uuid[])
    UNION
    (SELECT d.page_id FROM search_titles d
     WHERE $10 AND d.title_key %> ${FUZZY} AND d.space_id = ANY ($5::uuid[])
     ORDER BY length(d.title_key) LIMIT ${TITLE_CANDIDATES})
    UNION
    (SELECT d.page_id FROM search_titles d
     WHERE $10 AND d.alias_key <> '' AND d.alias_key %> ${FUZZY} AND d.space_id = ANY ($5::uuid[])
     ORDER BY length(d.alias_key) LIMIT ${TITLE_CANDIDATES})
    UNION
    (SELECT d.page_id FROM search_titles d WHERE d.titles @@ ${QUERY} AND d.space_id = ANY ($5::uuid[])
     ORDER BY length(d.title_key) LIMIT ${TITLE_CANDIDATES})
  ),
  title_hits AS (
    SELECT t.page_id, t.title_key,
      CASE
        WHEN t.title_key = ${FUZZY} THEN 4
        WHEN ${FUZZY} = ANY (string_to_array(t.alias_key, ' | ')) THEN 3
        WHEN ts_filter(t.titles, '{a}') @@ ${QUERY} OR t.title_similarity >= ${STRONG_SIMILARITY} THEN 2
        WHEN t.titles @@ ${QUERY} OR t.alias_similarity >= ${STRONG_SIMILARITY} THEN 1
        ELSE -1
      END AS tier,
      2 * t.title_similarity + similarity(${FUZZY}, t.title_key) + ts_rank_cd(t.titles, ${QUERY}, 32) AS score,
      NOT t.titles @@ ${QUERY} AS fuzzy_only
    FROM (
      SELECT d.page_id, d.title_key, d.alias_key, d.titles,
        word_similarity(${FUZZY}, d.title_key) AS title_similarity,
        CASE WHEN d.alias_key = '' THEN 0 ELSE word_similarity(${FUZZY}, d.alias_key) END AS alias_similarity
      FROM matched_titles m JOIN search_titles d ON d.page_id = m.page_id
    ) t
  ),
  text_hits AS (
    SELECT c.page_id, t.title_key, 0 AS tier, ts_rank_cd(c.document, ${QUERY}, 32) AS score, false AS fuzzy_only
    FROM (
      SELECT d.page_id, d.document FROM search_documents d
      WHERE (SELECT count(*) FROM title_hits WHERE tier > 0) < $6
        AND d.document @@ ${QUERY} AND d.space_id = ANY ($5::uuid[])
        AND d.page_id NOT IN (SELECT page_id FROM matched_titles)
      LIMIT ${TEXT_CANDIDATES}
    ) c
    JOIN search_titles t ON t.page_id = c.page_id
  ),
  hits AS (
    SELECT * FROM title_hits UNION ALL SELECT * FROM text_hits
    ORDER BY tier DESC, score DESC, title_key
    LIMIT $6
  )
  SELECT h.page_id AS "pageId", p.space_id AS "spaceId", p.title, p.slug, s.slug AS "spaceSlug",
    s.name AS "spaceName", p.updated_at AS "updatedAt",
    ts_headline('search_english', translate(CASE
        WHEN w.at = 1 THEN substr(p.content_text, 1, $7)
        ELSE regexp_replace(substr(p.content_text, w.at, $7), '^\\S*\\s+', '') -- no cut word at the start
      END, $8, $9), CASE
      WHEN h.fuzzy_only THEN coalesce(
        (SELECT to_tsquery('search_simple', near.words) || to_tsquery('search_english', near.words)
         FROM (SELECT string_agg(quote_literal(w), ' | ') AS words
               FROM unnest(string_to_array(h.title_key, ' ')) AS w
               WHERE EXISTS (SELECT 1 FROM unnest(string_to_array(${FUZZY}, ' ')) AS typed
                             WHERE word_similarity(typed, w) >= ${WEAK_SIMILARITY})) AS near),
        ${ANY_WORD})
      ELSE ${ANY_WORD}
    END, $11) AS snippet
  FROM hits h
  JOIN pages p ON p.id = h.page_id AND p.deleted_at IS NULL
  JOIN spaces s ON s.id = p.space_id
  CROSS JOIN LATERAL (SELECT greatest(1, coalesce(nullif(strpos(lower(p.content_text), $12), 0),
    nullif(strpos(lower(p.content_text), $13), 0), 1) - ${SNIPPET_LEAD}) AS at) w
  ORDER BY h.tier DESC, h.score DESC, h.title_key`

/** Where to look for the snippet: the start of the longest typed word and of its transliteration. */
function snippetProbes(terms: SearchTerms): [string, string | null] {
  let longest = 0
  terms.words.forEach((word, i) => { if (word.length > terms.words[longest].length) longest = i })
  return [terms.words[longest].slice(0, PROBE_LENGTH), terms.alternates[longest]?.slice(0, PROBE_LENGTH) ?? null]
}

/** Runs the search over the pages of `spaceIds`; see SEARCH_SQL for what matches and how it ranks. */
export async function searchPageRows(db: Db, terms: SearchTerms, spaceIds: string[], limit: number): Promise<SearchHitRow[]> {
  if (!spaceIds.length) return []
  return db.transaction(async (tx) => {
    // LOCAL keeps both settings to this query. The trigram operators read their threshold
    // from the first. The planner does not count reading a vector (compressed, maybe
    // TOASTed) when it prices a sequential scan, and with a LIMIT it would rather test every
    // row's vector than use the GIN index; the second stops that.
    await tx.exec(`SET LOCAL pg_trgm.word_similarity_threshold = ${WEAK_SIMILARITY}; SET LOCAL enable_seqscan = off; SET LOCAL jit = off`)
    return tx.query<SearchHitRow>(SEARCH_SQL, [
      terms.words, terms.alternates, terms.prefix, terms.fuzzy, spaceIds, limit,
      SNIPPET_WINDOW, SNIPPET_TRANSLATE_FROM, SNIPPET_TRANSLATE_TO,
      terms.fuzzy.replace(/\s/gu, '').length >= MIN_TRIGRAM_QUERY, HEADLINE_OPTIONS, ...snippetProbes(terms),
    ])
  })
}
