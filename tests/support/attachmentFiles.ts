import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import { api, type ApiAnswer } from './api.ts'

/** A photograph-like JPEG carrying EXIF data (an artist's name and a copyright) that must not survive. */
export async function jpegWithExif(width = 1800, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Secret Photographer', Copyright: 'GPS 47.41N 40.09E' } })
    .toBuffer()
}

/** A small PNG with transparency. */
export async function smallPng(width = 120, height = 80, red = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: red, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer()
}

/** A PNG whose header claims 60000×60000 pixels (a decompression bomb): tiny on disk, 3.6 gigapixels decoded. */
export async function pngBomb(): Promise<Buffer> {
  const png = Buffer.from(await smallPng(8, 8))
  // IHDR starts at byte 8: length (4), "IHDR" (4), width (4), height (4), … then its CRC over type + data.
  png.writeUInt32BE(60_000, 16)
  png.writeUInt32BE(60_000, 20)
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29)
  return png
}

/** The first half of a JPEG. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 10, g: 200, b: 10 } } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><circle cx="200" cy="150" r="120" fill="red"/></svg>') }])
    .jpeg({ quality: 95 })
    .toBuffer()
  return whole.subarray(0, Math.floor(whole.length / 2))
}

/** A minimal valid PDF. */
export function minimalPdf(text = 'Leaflet of 2 June 1962'): Buffer {
  return Buffer.from(`%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] >> endobj
% ${text}
trailer << /Root 1 0 R >>
%%EOF
`)
}

/** HTML that would run a script if a browser rendered it. */
export const HOSTILE_HTML = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/auth/logout",{method:"POST"})</script></body></html>')

/** An SVG image with a script in it. */
export const HOSTILE_SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>')

/** Uploads `bytes` as the multipart field `file` named `name`, as a script would. */
export async function uploadFile(
  baseUrl: string, pageId: string, bytes: Uint8Array, name: string,
  options: { token?: string | null; type?: string } = {},
): Promise<ApiAnswer> {
  return uploadFileTo(baseUrl, `/api/pages/${pageId}/attachments`, bytes, name, options)
}

/** Uploads a file as multipart (field `file`) to an upload route (a page's, a proposal's). */
export async function uploadFileTo(
  baseUrl: string, path: string, bytes: Uint8Array, name: string,
  options: { token?: string | null; type?: string } = {},
): Promise<ApiAnswer> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type: options.type ?? 'application/octet-stream' }), name)
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', body: form, headers })
  const text = await response.text()
  let body: unknown = text
  try { body = JSON.parse(text) } catch { /* not JSON */ }
  return { status: response.status, body, headers: response.headers }
}

/** Fetches an attachment's bytes (or refusal) as the given caller. */
export async function fetchAttachment(baseUrl: string, url: string, options: { token?: string | null; accept?: string } = {}) {
  const headers: Record<string, string> = { accept: options.accept ?? '*/*' }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  const response = await fetch(`${baseUrl}${url}`, { headers })
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) }
}

export { api }
