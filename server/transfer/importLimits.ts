/** Bounds on an imported archive (the upload itself: MAX_ARCHIVE_BODY_BYTES of the HTTP layer) (docs/TRANSFER.md, "Limits"). */
export const IMPORT_LIMITS = {
  /** Entries in the zip (files and folders). */
  maxEntries: 5_000,
  /** Sum of the uncompressed sizes of the files read: a zip bomb stops here. */
  maxTotalBytes: 128 * 1024 * 1024,
  /** One other file (an image, a PDF…), read to become an attachment; the upload limit applies too. */
  maxAssetBytes: 25 * 1024 * 1024,
  /** One Markdown file. */
  maxFileBytes: 2 * 1024 * 1024,
  /** Folders a Markdown file may sit in, one inside the other (each becomes a level of the page tree). */
  maxDepth: 32,
} as const
