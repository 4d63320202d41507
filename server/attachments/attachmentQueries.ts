import type { Queryable } from '../core/db/Db.ts'

/** An attachment as the domain sees it. */
export interface AttachmentRow {
  id: string
  pageId: string
  spaceId: string
  name: string
  kind: 'image' | 'file'
  contentType: string
  width: number | null
  height: number | null
  createdAt: Date
}

/** One way an attachment is served: its bytes in a type at a width (0 = full size). */
export interface VariantRow {
  contentType: string
  width: number
  sha256: string
  size: number
  chunkCount: number
}

const COLUMNS = `a.id, a.page_id AS "pageId", a.space_id AS "spaceId", a.name, a.kind, a.content_type AS "contentType",
  a.width, a.height, a.created_at AS "createdAt"`

/** An attachment by id, whatever the state of its page. */
export async function findAttachment(db: Queryable, id: string): Promise<AttachmentRow | null> {
  const rows = await db.query<AttachmentRow>(`SELECT ${COLUMNS} FROM attachments a WHERE a.id = $1`, [id])
  return rows[0] ?? null
}

/** The attachment already made of these uploaded bytes on this page, if any. */
export async function findAttachmentBySource(db: Queryable, pageId: string, sourceSha256: string): Promise<AttachmentRow | null> {
  const rows = await db.query<AttachmentRow>(`SELECT ${COLUMNS} FROM attachments a WHERE a.page_id = $1 AND a.source_sha256 = $2`, [pageId, sourceSha256])
  return rows[0] ?? null
}

/** The variants of an attachment, full size first, then by width. */
export async function listVariants(db: Queryable, attachmentId: string): Promise<VariantRow[]> {
  const rows = await db.query<VariantRow & { size: string | number }>(
    `SELECT v.content_type AS "contentType", v.width, v.sha256, b.size, b.chunk_count AS "chunkCount"
     FROM attachment_variants v JOIN attachment_blobs b ON b.sha256 = v.sha256
     WHERE v.attachment_id = $1 ORDER BY v.width = 0 DESC, v.width`, [attachmentId])
  return rows.map((row) => ({ ...row, size: Number(row.size) }))
}

/** Bytes a space's attachments take: each variant counted (a blob shared by two attachments counts twice). */
export async function spaceUsage(db: Queryable, spaceId: string): Promise<number> {
  const [row] = await db.query<{ used: string | number }>(
    `SELECT coalesce(sum(b.size), 0) AS used FROM attachments a
     JOIN attachment_variants v ON v.attachment_id = a.id JOIN attachment_blobs b ON b.sha256 = v.sha256
     WHERE a.space_id = $1`, [spaceId])
  return Number(row.used)
}

/** Serializes uploads to one space until the transaction ends, so two cannot both pass its quota. */
export async function lockSpaceAttachments(tx: Queryable, spaceId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('attachments:' || $1))`, [spaceId])
}

/**
 * Stores a blob unless one with the same hash exists: returns false when it did (the bytes
 * are then not written again). `chunks` is iterated only when the blob is new.
 */
export async function insertBlob(tx: Queryable, sha256: string, size: number, chunks: () => AsyncIterable<Uint8Array>): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO attachment_blobs (sha256, size, chunk_count) VALUES ($1, $2, 0) ON CONFLICT (sha256) DO NOTHING RETURNING sha256`, [sha256, size])
  if (inserted.length === 0) return false
  let seq = 0
  for await (const chunk of chunks()) {
    await tx.query(`INSERT INTO attachment_chunks (sha256, seq, data) VALUES ($1, $2, $3)`, [sha256, seq, chunk])
    seq += 1
  }
  await tx.query(`UPDATE attachment_blobs SET chunk_count = $2 WHERE sha256 = $1`, [sha256, seq])
  return true
}

/** Records an attachment and its variants (whose blobs exist). */
export async function insertAttachment(
  tx: Queryable,
  row: Omit<AttachmentRow, 'createdAt'> & { sourceSha256: string; createdBy: string },
  variants: { contentType: string; width: number; sha256: string }[],
): Promise<void> {
  await tx.query(
    `INSERT INTO attachments (id, page_id, space_id, source_sha256, name, kind, content_type, width, height, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [row.id, row.pageId, row.spaceId, row.sourceSha256, row.name, row.kind, row.contentType, row.width, row.height, row.createdBy])
  for (const v of variants) {
    await tx.query(`INSERT INTO attachment_variants (attachment_id, content_type, width, sha256) VALUES ($1, $2, $3, $4)`,
      [row.id, v.contentType, v.width, v.sha256])
  }
}

/** One chunk of a blob's bytes. */
export async function readChunk(db: Queryable, sha256: string, seq: number): Promise<Uint8Array | null> {
  const rows = await db.query<{ data: Uint8Array }>(`SELECT data FROM attachment_chunks WHERE sha256 = $1 AND seq = $2`, [sha256, seq])
  return rows[0]?.data ?? null
}

/** How many blobs hold exactly these bytes (a test and benchmark probe of deduplication). */
export async function countBlobs(db: Queryable, sha256s: string[]): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM attachment_blobs WHERE sha256 = ANY($1)`, [sha256s])
  return Number(row.n)
}
