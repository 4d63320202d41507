/** A suffix y-prosemirror adds to the format key of a mark that may overlap itself: `--` and 8 base64 characters. */
const OVERLAP_SUFFIX = /--[A-Za-z0-9+/=]{8}$/u

/**
 * The mark name a Yjs text format key stands for. y-prosemirror stores a mark as a format
 * named after it, or, for marks that may overlap themselves (e.g. comments), after it plus a
 * hash of its attributes.
 */
export function formatMarkName(key: string): string {
  return key.replace(OVERLAP_SUFFIX, '')
}
