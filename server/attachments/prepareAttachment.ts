import { createReadStream } from 'node:fs'
import type { AttachmentRow } from './attachmentQueries.ts'
import { encodeImage } from './encodeImage.ts'
import { inspectFile } from './inspectFile.ts'

/** Bytes per stored chunk: a blob is written and read in pieces of this size. */
export const CHUNK_BYTES = 256 * 1024

/** A stored blob to be: its bytes as chunks, read only if the blob is new. */
export interface PendingBlob {
  contentType: string
  width: number
  sha256: string
  size: number
  chunks: () => AsyncIterable<Uint8Array>
}

/** A file checked and ready to store: what it is, and the blobs (re-encoded renditions for an image). */
export interface PreparedAttachment {
  kind: AttachmentRow['kind']
  contentType: string
  width: number | null
  height: number | null
  blobs: PendingBlob[]
}

async function* sliced(bytes: Buffer): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES)
}

/**
 * Decides what the file at `path` is from its bytes and makes its blobs: an image is decoded
 * and re-encoded (sharp), any other accepted file is kept as it is (its chunks read from
 * `path`, which must outlive the store). Throws the upload's refusals (type, corrupt image…).
 */
export async function prepareAttachment(path: string, size: number, sha256: string): Promise<PreparedAttachment> {
  const inspected = await inspectFile(path, size)
  if (inspected.kind === 'image') {
    const image = await encodeImage(path, inspected.contentType)
    return {
      kind: 'image', contentType: image.contentType, width: image.width, height: image.height,
      blobs: image.variants.map((v) => ({ contentType: v.contentType, width: v.width, sha256: v.sha256, size: v.bytes.length, chunks: () => sliced(v.bytes) })),
    }
  }
  return {
    kind: 'file', contentType: inspected.contentType, width: null, height: null,
    blobs: [{ contentType: inspected.contentType, width: 0, sha256, size, chunks: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }) }],
  }
}
