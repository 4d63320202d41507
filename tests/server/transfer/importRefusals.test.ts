import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, grantRole, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { makeZip, uploadZip, downloadSpace } from './transferServer.ts'

// Hostile and broken archives, and who may import or export at all.
let server: TestServer
let owner: { token: string; username: string }
let editor: { token: string; username: string }
let viewer: { token: string; username: string }
let outsider: { token: string }
let space: { id: string; slug: string }
let pageId: string

// Built before the server starts: zipping 10,000 files takes this process seconds, and an event
// loop blocked that long races the server's keep-alive timeout on pooled sockets (ECONNRESET).
const TEN_THOUSAND_FILES = makeZip(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`page-${i}.md`, `Page ${i}.\n`])))

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  editor = await signUpUser(server.url, 'editor')
  viewer = await signUpUser(server.url, 'viewer')
  outsider = await signUpUser(server.url, 'outsider')
  space = (await api(server.url, 'POST', '/api/spaces', { token: owner.token, body: { name: 'Private group', visibility: 'private' } })).body
  for (const [user, role] of [[editor, 'editor'], [viewer, 'viewer']] as const) await grantRole(server.url, owner.token, space.id, user.username, role)
  pageId = (await api(server.url, 'POST', `/api/spaces/${space.id}/pages`, { token: owner.token, body: { title: 'Secret plan' } })).body.id
})

afterAll(async () => {
  await server?.close()
})

/** Rewrites the uncompressed size every entry of the zip's central directory declares (offset 24 of its header). */
function declareSizes(zip: Uint8Array, size: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  for (let i = 0; i + 4 <= zip.length; i += 1) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true)
  return zip
}

async function pageTitles(): Promise<string[]> {
  return ((await api(server.url, 'GET', `/api/spaces/${space.id}/pages`, { token: owner.token })).body as { title: string }[]).map((p) => p.title).sort()
}

describe('who may import and export', () => {
  const zip = makeZip({ 'Intruder.md': 'Should not land.\n' })

  it('refuses an import from anonymous callers, outsiders and viewers, and creates nothing', async () => {
    expect((await uploadZip(server.url, space.id, zip)).status).toBe(404)
    expect((await uploadZip(server.url, space.id, zip, outsider.token)).status).toBe(404)
    const byViewer = await uploadZip(server.url, space.id, zip, viewer.token)
    expect(byViewer.status).toBe(403)
    expect(byViewer.body.error.id).toBe('forbidden')
    expect(await pageTitles()).toEqual(['Secret plan'])
  })

  it('lets an editor import', async () => {
    const answer = await uploadZip(server.url, space.id, makeZip({ 'Editor notes.md': 'Fine.\n' }), editor.token)
    expect(answer.status).toBe(200)
    expect(answer.body.imported.map((p: { title: string }) => p.title)).toEqual(['Editor notes'])
  })

  it('exports a private space’s pages to its readers only', async () => {
    for (const token of [undefined, outsider.token]) {
      expect((await api(server.url, 'GET', `/api/pages/${pageId}/export?format=markdown`, { token })).status).toBe(404)
      expect((await api(server.url, 'GET', `/api/pages/${pageId}/export?format=html`, { token })).status).toBe(404)
      expect((await downloadSpace(server.url, space.id, token)).status).toBe(404)
    }
    expect((await api(server.url, 'GET', `/api/pages/${pageId}/export?format=markdown`, { token: viewer.token })).status).toBe(200)
    const zip = await downloadSpace(server.url, space.id, viewer.token)
    expect(zip.status).toBe(200)
    expect(Object.keys(zip.files)).toContain('Secret plan.md')
  })

  it('refuses an import sent with a member’s cookie from another site', async () => {
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: editor.username, password: 'correct horse battery' } })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const response = await fetch(`${server.url}/api/spaces/${space.id}/import`, {
      method: 'POST', headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/zip' }, body: new Blob([zip.slice()]),
    })
    expect(response.status).toBe(403)
    expect(await pageTitles()).not.toContain('Intruder')
  })

  it('refuses a body that is not sent as a zip', async () => {
    const answer = await uploadZip(server.url, space.id, zip, editor.token, 'application/json')
    expect(answer.status).toBe(415)
  })
})

describe('bad archives', () => {
  it('refuses a corrupt zip as a whole and creates nothing', async () => {
    const before = await pageTitles()
    const zip = makeZip({ 'One.md': 'One.\n', 'Two.md': 'Two.\n' })
    const broken = zip.slice(0, zip.length - 30)
    const answer = await uploadZip(server.url, space.id, broken, editor.token)
    expect(answer.status).toBe(400)
    expect(answer.body.error.id).toBe('invalid_archive')
    expect((await uploadZip(server.url, space.id, new TextEncoder().encode('not a zip at all'), editor.token)).body.error.id).toBe('invalid_archive')
    expect(await pageTitles()).toEqual(before)
  })

  it('refuses a zip bomb before inflating it: the sizes in its directory pass the limit', async () => {
    const before = await pageTitles()
    // 70 entries that say they unpack to 2 MiB each (140 MiB in all). Compressing that much
    // for real would block this process (and the server in it) for seconds; the server reads
    // only the directory before refusing, so the directory is what the test writes.
    const files: Record<string, string> = {}
    for (let i = 0; i < 70; i += 1) files[`bomb-${i}.md`] = 'x'
    const zip = declareSizes(makeZip(files), 2 * 1024 * 1024 - 1)
    const answer = await uploadZip(server.url, space.id, zip, editor.token)
    expect(answer.status).toBe(400)
    expect(answer.body.error.id).toBe('archive_too_large')
    expect(await pageTitles()).toEqual(before)
  })

  it('cuts a file that lies about its size in the zip’s directory short at the size it declares', async () => {
    const zip = declareSizes(makeZip({ 'Liar.md': 'a'.repeat(1_000_000) }), 10)
    const answer = await uploadZip(server.url, space.id, zip, editor.token)
    expect(answer.status).toBe(200)
    const liar = answer.body.imported[0]
    const text = (await api(server.url, 'GET', `/api/pages/${liar.pageId}/export?format=markdown`, { token: editor.token })).body as string
    expect(text.endsWith('\n\naaaaaaaaaa\n')).toBe(true)
  })

  it('refuses an archive of 10,000 files', async () => {
    const answer = await uploadZip(server.url, space.id, TEN_THOUSAND_FILES, editor.token)
    expect(answer.status).toBe(400)
    expect(answer.body.error.id).toBe('too_many_files')
    expect(answer.body.error.message).toContain('5000')
  })

  it('skips entries with ".." or absolute paths, files that are not UTF-8 or not Markdown, and says why', async () => {
    const zip = makeZip({
      '../escape.md': 'Up and out.\n',
      'notes/../../escape2.md': 'Up and out again.\n',
      '/etc/absolute.md': 'Absolute.\n',
      'latin1.md': new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]),
      'picture.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      '.obsidian/workspace.md': 'Settings.\n',
      'Kept.md': 'This one lands.\n',
    })
    const answer = await uploadZip(server.url, space.id, zip, editor.token)
    expect(answer.status).toBe(200)
    expect(answer.body.imported.map((p: { title: string }) => p.title)).toEqual(['Kept'])
    const reasons = Object.fromEntries(answer.body.skipped.map((s: { file: string; reason: string }) => [s.file, s.reason]))
    expect(reasons).toEqual({
      '../escape.md': 'Not imported: a path that leaves the archive (“..”).',
      'notes/../../escape2.md': 'Not imported: a path that leaves the archive (“..”).',
      '/etc/absolute.md': 'Not imported: an absolute path.',
      'latin1.md': 'Not UTF-8 text.',
      'picture.png': 'Not a Markdown file, and no page shows it as an image or a file.',
      '.obsidian/workspace.md': 'A hidden or system file.',
    })
    expect(await pageTitles()).not.toContain('escape')
  })

  it('skips a file nested in more folders than the page tree may take, and imports nothing for it', async () => {
    const deep = `${Array.from({ length: 40 }, (_, i) => `f${i}`).join('/')}/Deep.md`
    const answer = await uploadZip(server.url, space.id, makeZip({ [deep]: 'Too deep.\n' }), editor.token)
    expect(answer.status).toBe(200)
    expect(answer.body.imported).toEqual([])
    expect(answer.body.skipped).toEqual([{ file: deep, reason: 'In more than 32 nested folders.' }])
    expect(await pageTitles()).not.toContain('f0')
  })

  it('escapes what a page holds in its HTML export: no script, no javascript: link', async () => {
    const answer = await uploadZip(server.url, space.id, makeZip({
      'Hostile.md': '<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>\n',
    }), editor.token)
    const hostile = answer.body.imported[0].pageId
    const html = (await api(server.url, 'GET', `/api/pages/${hostile}/export?format=html`, { token: viewer.token })).body as string
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toMatch(/<script|<img|href="javascript/iu)
  })
})
