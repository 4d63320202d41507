/** Bounds on what one incoming update may add to a page (see docs/RELIABILITY.md, "Hostile content"). */
export interface ContentLimits {
  /** Elements nested in one another at most (a top-level paragraph is at depth 1). */
  maxDepth: number
  /** Distinct Yjs client ids that write structs in one update. */
  maxClientIds: number
  /** Sum of the lengths of the structs of one update (characters, elements, deleted runs). */
  maxLength: number
}

/**
 * The limits every page runs with. Depth 40 is ten times what the editor's own commands make
 * in practice (a list nested 15 levels deep inside a quote is depth 32); 64 client ids cover a
 * reconnecting client handing over edits of the many authors the server had lost; 16 million
 * keeps every clock far from the numbers where arithmetic on them stops being exact.
 */
export const CONTENT_LIMITS: ContentLimits = {
  maxDepth: 40,
  maxClientIds: 64,
  maxLength: 1 << 24,
}
