import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import busboy from 'busboy'
import { AppError, invalidInput } from '../core/AppError.ts'

/** An uploaded file, spooled to a temporary file while it streamed in. */
export interface ReceivedUpload {
  /** The temporary file holding the bytes; removed by `discard`. */
  path: string
  /** The name the sender gave it (used only as a download name, never to decide anything). */
  name: string
  size: number
  /** Hex SHA-256 of the bytes. */
  sha256: string
  discard(): Promise<void>
}

/** 413 for a file over the per-file limit. */
export function fileTooLarge(maxBytes: number): AppError {
  return new AppError(413, 'file_too_large', `The file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MiB, the most one upload may be.`)
}

/**
 * Reads a multipart body with one file in the field `file`, streaming it to a temporary file
 * (hashing and counting on the way) rather than holding it in memory. Past `maxBytes` it stops
 * reading and throws 413 with nothing kept.
 */
export async function receiveUpload(request: Request, maxBytes: number): Promise<ReceivedUpload> {
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data/iu.test(contentType) || !request.body) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in the field "file".')
  }
  const dir = await mkdtemp(join(tmpdir(), 'palimpsest-upload-'))
  const discard = () => rm(dir, { recursive: true, force: true })
  try {
    const received = await new Promise<Omit<ReceivedUpload, 'discard'>>((resolve, reject) => {
      const parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 12 } })
      let file: Promise<Omit<ReceivedUpload, 'discard'>> | null = null
      parser.on('file', (field, stream, info) => {
        if (field !== 'file' || file) {
          stream.resume()
          return
        }
        const path = join(dir, 'upload')
        const hash = createHash('sha256')
        let size = 0
        let tooLarge = false
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length
          hash.update(chunk)
        })
        stream.on('limit', () => { tooLarge = true })
        file = pipeline(stream, createWriteStream(path)).then(() => {
          if (tooLarge) throw fileTooLarge(maxBytes)
          return { path, name: info.filename || 'file', size, sha256: hash.digest('hex') }
        })
        file.catch(() => {})
      })
      parser.on('error', (error) => reject(invalidInput(`The upload could not be read: ${(error as Error).message}`, 'invalid_upload')))
      parser.on('close', () => {
        if (!file) reject(invalidInput('file: the upload has no file in the field "file".', 'invalid_upload'))
        else resolve(file)
      })
      Readable.fromWeb(request.body as WebReadableStream<Uint8Array>).on('error', reject).pipe(parser)
    })
    if (received.size === 0) throw invalidInput('file: the file is empty.', 'invalid_upload')
    return { ...received, discard }
  } catch (error) {
    await discard()
    throw error
  }
}
