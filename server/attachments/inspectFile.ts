import { open } from 'node:fs/promises'
import { fileTypeFromFile } from 'file-type'
import { AppError, invalidInput } from '../core/AppError.ts'

/** What an upload is, decided from its bytes alone. */
export type Inspected =
  | { kind: 'image'; contentType: string }
  | { kind: 'file'; contentType: string }

/** Images that are decoded and re-encoded (never stored as sent). */
const IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'])

/** Other files accepted as downloads, by the type their bytes show. */
const FILES = new Set([
  'application/pdf',
  'audio/mpeg', 'audio/ogg', 'audio/opus', 'audio/wav', 'audio/flac', 'audio/x-flac', 'audio/mp4', 'audio/x-m4a', 'audio/aac', 'audio/aiff',
  'video/mp4', 'video/webm',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.oasis.opendocument.presentation',
  'application/epub+zip', 'application/zip', 'application/rtf',
])

/** Plain text is read up to this many bytes to tell it from binary and markup. */
const TEXT_PROBE = 64 * 1024

/** 415: a kind of file that is not accepted. */
export function unsupportedFile(what: string): AppError {
  return new AppError(415, 'unsupported_file_type', `${what} cannot be attached. Images (JPEG, PNG, WebP, GIF, AVIF), PDF, audio, office documents and plain text can.`)
}

/** Whether the start of a text is markup a browser could run (HTML, SVG, XML). */
function looksLikeMarkup(text: string): boolean {
  return /^\s*<[a-z!?/]/iu.test(text.replace(/^\uFEFF/u, ''))
}

async function readStart(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(Math.min(size, TEXT_PROBE))
    await handle.read(buffer, 0, buffer.length, 0)
    return buffer
  } finally {
    await handle.close()
  }
}

/**
 * Decides what an uploaded file is from its bytes (file-type's signatures), never from its
 * name or the type the sender declared. Markup (HTML, SVG, XML) is refused outright; text
 * without a signature is accepted only as UTF-8 plain text.
 */
export async function inspectFile(path: string, size: number): Promise<Inspected> {
  const detected = await fileTypeFromFile(path)
  if (detected) {
    if (IMAGES.has(detected.mime)) return { kind: 'image', contentType: detected.mime }
    if (FILES.has(detected.mime)) return { kind: 'file', contentType: detected.mime }
    throw unsupportedFile(`A file of type ${detected.mime}`)
  }
  const start = await readStart(path, size)
  let text: string
  try {
    // A multi-byte character cut at the probe's end is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(size > TEXT_PROBE ? start.subarray(0, start.length - 4) : start)
  } catch {
    throw unsupportedFile('A file of unknown type')
  }
  if (text.includes('\u0000')) throw unsupportedFile('A file of unknown type')
  if (looksLikeMarkup(text)) throw unsupportedFile('HTML, SVG or other markup')
  if (!text.trim()) throw invalidInput('file: the file holds only blank space.', 'invalid_upload')
  return { kind: 'file', contentType: 'text/plain; charset=utf-8' }
}
