import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate'

/** Uploads a zip to a space's import route as the browser does; answers status and parsed body. */
export async function uploadZip(baseUrl: string, spaceId: string, zip: Uint8Array, token?: string, contentType = 'application/zip') {
  const headers: Record<string, string> = { 'content-type': contentType }
  if (token) headers.authorization = `Bearer ${token}`
  const response = await fetch(`${baseUrl}/api/spaces/${spaceId}/import`, { method: 'POST', headers, body: new Blob([zip.slice()]) })
  const text = await response.text()
  let body: any = text
  try { body = JSON.parse(text) } catch { /* not JSON */ }
  return { status: response.status, body }
}

/** Downloads a space's zip and opens it: file name → text. */
export async function downloadSpace(baseUrl: string, spaceId: string, token?: string): Promise<{ status: number; files: Record<string, string> }> {
  const response = await fetch(`${baseUrl}/api/spaces/${spaceId}/export`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  if (response.status !== 200) return { status: response.status, files: {} }
  const entries = unzipSync(new Uint8Array(await response.arrayBuffer()))
  return { status: 200, files: Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)])) }
}

/** A zip of the given files (text or bytes). */
export function makeZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const zippable: Zippable = {}
  for (const [name, content] of Object.entries(files)) zippable[name] = typeof content === 'string' ? strToU8(content) : content
  return zipSync(zippable, { level: 1 })
}

/** A Markdown file's body, without its front matter. */
export function bodyOf(file: string): string {
  return file.replace(/^---\n[\s\S]*?\n---\n\n/u, '')
}
