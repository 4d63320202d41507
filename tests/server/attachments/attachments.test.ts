import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import {
  fetchAttachment, HOSTILE_HTML, HOSTILE_SVG, jpegWithExif, minimalPdf, pngBomb, smallPng, truncatedJpeg, uploadFile,
} from '../../support/attachmentFiles.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { KNOCKERS, must, setUpSpaceRoles, type SpaceRoles } from '../accounts/spaceRoles.ts'

const QUOTA = 3 * 1024 * 1024

let server: TestServer
let roles: SpaceRoles

beforeAll(async () => {
  server = await startTestServer({ env: { ATTACHMENT_QUOTA_BYTES: String(QUOTA) } })
  roles = await setUpSpaceRoles(server.url)
})
afterAll(() => server.close())

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** Rows in the attachment tables: what a refused upload must leave unchanged. */
async function stored() {
  const [row] = await server.palimpsest.services.db.query<{ a: string; b: string; c: string }>(
    `SELECT (SELECT count(*) FROM attachments) AS a, (SELECT count(*) FROM attachment_blobs) AS b, (SELECT count(*) FROM attachment_chunks) AS c`)
  return row
}

async function freshPage() {
  const owner = await signUpUser(server.url, 'uploader')
  return { owner, ...(await createSpaceWithPage(server.url, owner.token)) }
}

describe('uploading attachments', () => {
  it('stores a PDF and serves it back, byte for byte, as a download with safe headers', async () => {
    const { owner, pageId } = await freshPage()
    const pdf = minimalPdf()
    const answer = await uploadFile(server.url, pageId, pdf, 'leaflet.pdf', { token: owner.token, type: 'text/html' })
    expect(answer.status).toBe(201)
    expect(answer.body).toMatchObject({ contentType: 'application/pdf', size: pdf.length, kind: 'file', name: 'leaflet.pdf' })
    expect(answer.body.url).toMatch(/^\/api\/attachments\/[A-Za-z0-9_-]{32}$/u)
    const served = await fetchAttachment(server.url, answer.body.url, { token: owner.token })
    expect(served.status).toBe(200)
    expect(served.bytes.equals(pdf)).toBe(true)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="?leaflet\.pdf"?/u)
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
  })

  it('streams a file of several chunks back whole', async () => {
    const { owner, pageId } = await freshPage()
    const text = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `line ${i} of the timeline\n`).join(''))
    expect(text.length).toBeGreaterThan(3 * 256 * 1024)
    const answer = await uploadFile(server.url, pageId, text, 'timeline.txt', { token: owner.token })
    expect(answer.status).toBe(201)
    expect(answer.body.contentType).toBe('text/plain; charset=utf-8')
    const served = await fetchAttachment(server.url, answer.body.url, { token: owner.token })
    expect(sha256(served.bytes)).toBe(sha256(text))
  })

  it('re-encodes an image: EXIF gone, narrower widths made, WebP when the browser takes it', async () => {
    const { owner, pageId } = await freshPage()
    const jpeg = await jpegWithExif()
    expect(jpeg.includes('Secret Photographer')).toBe(true)
    const answer = await uploadFile(server.url, pageId, jpeg, 'square.jpg', { token: owner.token })
    expect(answer.status).toBe(201)
    expect(answer.body).toMatchObject({ kind: 'image', contentType: 'image/jpeg', width: 1800, height: 1200 })
    const full = await fetchAttachment(server.url, answer.body.url, { token: owner.token, accept: 'image/jpeg' })
    expect(full.headers.get('content-type')).toBe('image/jpeg')
    expect(full.headers.get('content-disposition')).toMatch(/^inline/u)
    expect(full.bytes.includes('Secret Photographer')).toBe(false)
    const meta = await sharp(full.bytes).metadata()
    expect(meta.exif).toBeUndefined()
    expect(meta.width).toBe(1800)
    const narrow = await fetchAttachment(server.url, `${answer.body.url}?w=700`, { token: owner.token, accept: 'image/avif,image/webp,*/*' })
    expect(narrow.headers.get('content-type')).toBe('image/webp')
    expect((await sharp(narrow.bytes).metadata()).width).toBe(800)
  })

  it('stores the same bytes once however often they are uploaded; the same file on the same page is the same attachment', async () => {
    const first = await freshPage()
    const second = await freshPage()
    const pdf = minimalPdf(`dedup ${Math.random()}`)
    const a = await uploadFile(server.url, first.pageId, pdf, 'a.pdf', { token: first.owner.token })
    const again = await uploadFile(server.url, first.pageId, pdf, 'a-again.pdf', { token: first.owner.token })
    const b = await uploadFile(server.url, second.pageId, pdf, 'b.pdf', { token: second.owner.token })
    expect([a.status, again.status, b.status]).toEqual([201, 200, 201])
    expect(again.body.id).toBe(a.body.id)
    expect(b.body.id).not.toBe(a.body.id)
    const [row] = await server.palimpsest.services.db.query<{ n: string }>(`SELECT count(*) AS n FROM attachment_blobs WHERE sha256 = $1`, [sha256(pdf)])
    expect(Number(row.n)).toBe(1)
  })
})

describe('who may upload and who may fetch', () => {
  it('lets editors and owners upload, and no one else', async () => {
    const expected = {
      public: { anonymous: 401, outsider: 403, viewer: 403, editor: 201, owner: 201 },
      private: { anonymous: 404, outsider: 404, viewer: 403, editor: 201, owner: 201 },
    }
    for (const visibility of ['public', 'private'] as const) {
      for (const knocker of KNOCKERS) {
        const before = await stored()
        const answer = await uploadFile(server.url, roles.spaces[visibility].pageId, await smallPng(20, 20, KNOCKERS.indexOf(knocker) * 40 + (visibility === 'public' ? 1 : 2)), 'dot.png', { token: roles.token(knocker) })
        expect({ visibility, knocker, status: answer.status }).toEqual({ visibility, knocker, status: expected[visibility][knocker] })
        if (answer.status !== 201) expect(await stored()).toEqual(before)
      }
    }
  })

  it('serves an attachment to readers of its space only: others, removed members and everyone once the page is deleted get 404', async () => {
    const expected = {
      public: { anonymous: 200, outsider: 200, viewer: 200, editor: 200, owner: 200 },
      private: { anonymous: 404, outsider: 404, viewer: 200, editor: 200, owner: 200 },
    }
    for (const visibility of ['public', 'private'] as const) {
      const uploaded = await uploadFile(server.url, roles.spaces[visibility].pageId, minimalPdf(`matrix ${visibility}`), 'm.pdf', { token: roles.token('owner') })
      expect(uploaded.status).toBe(201)
      for (const knocker of KNOCKERS) {
        const served = await fetchAttachment(server.url, uploaded.body.url, { token: roles.token(knocker) })
        expect({ visibility, knocker, status: served.status }).toEqual({ visibility, knocker, status: expected[visibility][knocker] })
      }
    }
    // A guessed id is the same 404.
    expect((await fetchAttachment(server.url, `/api/attachments/${'A'.repeat(32)}`, { token: roles.token('owner') })).status).toBe(404)

    const { owner, spaceId, pageId } = await freshPage()
    const reader = await signUpUser(server.url, 'reader')
    await must(server.url, 200, 'PUT', `/api/spaces/${spaceId}/members/${reader.username}`, { token: owner.token, body: { role: 'viewer' } })
    const uploaded = await uploadFile(server.url, pageId, minimalPdf('removed'), 'r.pdf', { token: owner.token })
    expect((await fetchAttachment(server.url, uploaded.body.url, { token: reader.token })).status).toBe(200)
    await must(server.url, 204, 'DELETE', `/api/spaces/${spaceId}/members/${reader.username}`, { token: owner.token })
    expect((await fetchAttachment(server.url, uploaded.body.url, { token: reader.token })).status).toBe(404)
    await must(server.url, 204, 'DELETE', `/api/pages/${pageId}`, { token: owner.token })
    expect((await fetchAttachment(server.url, uploaded.body.url, { token: owner.token })).status).toBe(404)
  })
})

describe('bad uploads are refused with a clear error and nothing stored', () => {
  const cases: [string, () => Promise<{ bytes: Uint8Array; name: string }>, number, string][] = [
    ['an HTML file named .png', async () => ({ bytes: HOSTILE_HTML, name: 'photo.png' }), 415, 'unsupported_file_type'],
    ['an SVG with a script', async () => ({ bytes: HOSTILE_SVG, name: 'map.svg' }), 415, 'unsupported_file_type'],
    ['a decompression bomb (huge dimensions)', async () => ({ bytes: await pngBomb(), name: 'bomb.png' }), 400, 'image_too_large'],
    ['a truncated image', async () => ({ bytes: await truncatedJpeg(), name: 'half.jpg' }), 400, 'invalid_image'],
    ['an executable', async () => ({ bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]), name: 'tool.pdf' }), 415, 'unsupported_file_type'],
  ]
  for (const [what, make, status, id] of cases) {
    it(`refuses ${what}`, async () => {
      const { owner, pageId } = await freshPage()
      const { bytes, name } = await make()
      const before = await stored()
      const answer = await uploadFile(server.url, pageId, bytes, name, { token: owner.token, type: 'image/png' })
      expect(answer.status).toBe(status)
      expect(answer.body.error.id).toBe(id)
      expect(answer.body.error.message.length).toBeGreaterThan(10)
      expect(await stored()).toEqual(before)
    })
  }

  it('refuses a 30 MiB upload (over the 25 MiB default) on its Content-Length, before reading it', async () => {
    const { owner, pageId } = await freshPage()
    const before = await stored()
    // The client announces 30 MiB, sends the first MiB, and waits: the answer comes without the rest.
    const boundary = 'palimpsest-boundary'
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`)
    const answer = await new Promise<{ status: number; body: { error: { id: string; message: string } } }>((resolve, reject) => {
      const request = httpRequest(`${server.url}/api/pages/${pageId}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${owner.token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(30 * 1024 * 1024) },
      }, (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => { text += chunk.toString() })
        response.on('end', () => {
          request.destroy()
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) })
        })
      })
      request.on('error', reject)
      request.write(head)
      request.write(Buffer.alloc(1024 * 1024, 0x61))
    })
    expect(answer.status).toBe(413)
    expect(answer.body.error.id).toBe('file_too_large')
    expect(answer.body.error.message).toContain('25 MiB')
    expect(await stored()).toEqual(before)
  })

  it('refuses an upload that would pass the space’s quota, and takes it again in another space', async () => {
    const { owner, pageId } = await freshPage()
    const file = (n: number) => Buffer.from(`${n} `.repeat(600_000).slice(0, 1_100_000))
    expect((await uploadFile(server.url, pageId, file(1), 'one.txt', { token: owner.token })).status).toBe(201)
    expect((await uploadFile(server.url, pageId, file(2), 'two.txt', { token: owner.token })).status).toBe(201)
    const before = await stored()
    const over = await uploadFile(server.url, pageId, file(3), 'three.txt', { token: owner.token })
    expect(over.status).toBe(413)
    expect(over.body.error.id).toBe('quota_exceeded')
    expect(over.body.error.message).toMatch(/quota of 3\.0 MiB/u)
    expect(await stored()).toEqual(before)
    const elsewhere = await freshPage()
    expect((await uploadFile(server.url, elsewhere.pageId, file(3), 'three.txt', { token: elsewhere.owner.token })).status).toBe(201)
  })

  it('refuses an upload without a file field, or not multipart', async () => {
    const { owner, pageId } = await freshPage()
    const json = await api(server.url, 'POST', `/api/pages/${pageId}/attachments`, { token: owner.token, body: { file: 'x' } })
    expect(json.status).toBe(415)
    const form = new FormData()
    form.append('other', 'x')
    const noFile = await fetch(`${server.url}/api/pages/${pageId}/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${owner.token}` } })
    expect(noFile.status).toBe(400)
  })
})
