/** Bounds on what one incoming update may add to a page (see docs/RELIABILITY.md, "Hostile content"). */
export interface ContentLimits {
  /** Elements nested in one another at most (a top-level paragraph is at depth 1). */
  maxDepth: number
  /** Distinct Yjs client ids that write structs in one update. */
  maxClientIds: number
  /** Sum of the lengths of the structs of one update (characters, elements, deleted runs). */
  maxLength: number
  /** Bytes of content a page may hold waiting for content it does not have (Yjs's pending structs). */
  maxPendingBytes: number
}

/**
 * The limits every page runs with. Depth 40 leaves room for a list nested 15 levels deep
 * inside a quote (depth 32), far past what people write; 64 client ids cover a
 * reconnecting client handing over edits of the many authors the server had lost; 16 million
 * keeps every clock far from the numbers where arithmetic on them stops being exact; 4 MiB of
 * waiting content holds hours of edits a client queued offline (sent before its sync step 2).
 */
export const CONTENT_LIMITS: ContentLimits = {
  maxDepth: 40,
  maxClientIds: 64,
  maxLength: 1 << 24,
  maxPendingBytes: 1 << 22,
}
