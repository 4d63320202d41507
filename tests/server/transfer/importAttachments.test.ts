import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strToU8, unzipSync } from 'fflate'
import { api, signUpUser } from '../../support/api.ts'
import { fetchAttachment, minimalPdf, smallPng } from '../../support/attachmentFiles.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { bodyOf, makeZip, uploadZip } from './transferServer.ts'

// Images and files beside the Markdown of an imported archive become attachments, through the
// checks an upload goes through (a small quota here, to reach it).
const QUOTA = 200 * 1024
let server: TestServer
let user: { id: string; token: string; username: string }
let outsider: { token: string }

beforeAll(async () => {
  server = await startTestServer({ env: { ATTACHMENT_QUOTA_BYTES: String(QUOTA) } })
  user = await signUpUser(server.url, 'importer')
  outsider = await signUpUser(server.url, 'outsider')
})

afterAll(async () => {
  await server?.close()
})

async function newSpace() {
  return (await api(server.url, 'POST', '/api/spaces', { token: user.token, body: { name: `Media ${Math.random().toString(36).slice(2, 7)}`, visibility: 'private' } })).body as { id: string; slug: string }
}

const pageTitles = async (spaceId: string) =>
  ((await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token: user.token })).body as { title: string }[]).map((p) => p.title).sort()

describe('importing images and files', () => {
  it('turns an image or file alone in its paragraph into an attachment of the page, and reports what it could not attach', async () => {
    const space = await newSpace()
    const png = await smallPng()
    const zip = makeZip({
      'Notes/Square.md': '![The square](../pictures/square%20one.png "June 1962")\n\n[The leaflet](../files/leaflet.pdf)\n\nAn inline ![icon](../pictures/square%20one.png) keeps its text.\n\n![Fake](../pictures/fake.png)\n',
      'pictures/square one.png': png,
      'files/leaflet.pdf': minimalPdf(),
      'pictures/fake.png': strToU8('<html><script>alert(1)</script></html>'),
      'pictures/unused.png': png,
    })
    const report = await uploadZip(server.url, space.id, zip, user.token)
    expect(report.status).toBe(200)
    const reasons = Object.fromEntries(report.body.skipped.map((s: { file: string; reason: string }) => [s.file, s.reason]))
    expect(reasons['pictures/unused.png']).toBe('Not a Markdown file, and no page shows it as an image or a file.')
    expect(reasons['pictures/fake.png']).toMatch(/^Not attached: HTML, SVG or other markup cannot be attached/u)
    const square = report.body.imported.find((p: { title: string }) => p.title === 'Square')

    const markdown = bodyOf(await (await fetch(`${server.url}/api/pages/${square.pageId}/export?format=markdown`, { headers: { authorization: `Bearer ${user.token}` } })).text())
    const links = [...markdown.matchAll(/\]\((http[^ )]+)/gu)].map((m) => m[1].slice(server.url.length))
    expect(markdown).toMatch(/^!\[The square\]\(http[^ ]+ "June 1962"\)\n\n\[The leaflet\]\(http[^)]+\)\n\nAn inline icon keeps its text\.\n\nFake\n$/u)
    expect(links).toHaveLength(2)
    const image = await fetchAttachment(server.url, links[0], { token: user.token })
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    const leaflet = await fetchAttachment(server.url, links[1], { token: user.token })
    expect(leaflet.bytes.equals(minimalPdf())).toBe(true)
    // The space is private: its new attachments are not an outsider's to read.
    expect((await fetchAttachment(server.url, links[1], { token: outsider.token })).status).toBe(404)
  })

  it('turns an Obsidian embed (![[picture.png]]) into an image, found by its name anywhere in the vault', async () => {
    const space = await newSpace()
    const report = await uploadZip(server.url, space.id, makeZip({
      'Notes/Square.md': 'Before.\n\n![[square.png|300]]\n\n![[missing.png]]\n',
      'Assets/Pictures/square.png': await smallPng(),
    }), user.token)
    expect(report.status).toBe(200)
    expect(report.body.skipped).toEqual([])
    const square = report.body.imported.find((p: { title: string }) => p.title === 'Square')
    const markdown = bodyOf(await (await fetch(`${server.url}/api/pages/${square.pageId}/export?format=markdown`, { headers: { authorization: `Bearer ${user.token}` } })).text())
    const [, url] = /^Before\.\n\n!\[\]\(http[^/]+\/\/[^/]+(\/api\/attachments\/[\w-]+)\)\n\n\\!\[\[missing\.png\]\]\n$/u.exec(markdown) ?? []
    // The embed of a file the vault lacks stays a link to a page of that name.
    expect(url, JSON.stringify(markdown)).toBeDefined()
    expect((await fetchAttachment(server.url, url, { token: user.token })).headers.get('content-type')).toBe('image/png')
  })

    it('gives the same zip back: export, import into a fresh space, export again', async () => {
    const first = await newSpace()
    expect((await uploadZip(server.url, first.id, makeZip({
      'Square.md': '![The square](pictures/square.png "June 1962")\n\n[The leaflet](leaflet.pdf)\n',
      'pictures/square.png': await smallPng(),
      'leaflet.pdf': minimalPdf(),
    }), user.token)).status).toBe(200)
    const download = async (spaceId: string) => unzipSync(new Uint8Array(await (await fetch(`${server.url}/api/spaces/${spaceId}/export`, { headers: { authorization: `Bearer ${user.token}` } })).arrayBuffer()))
    const exported = await download(first.id)
    const second = await newSpace()
    expect((await uploadZip(server.url, second.id, makeZip(exported), user.token)).body.skipped).toEqual([])
    const again = await download(second.id)
    const names = (files: Record<string, Uint8Array>) => Object.keys(files).filter((n) => n !== 'manifest.json').sort()
    expect(names(again)).toEqual(names(exported))
    expect(names(again).filter((n) => n.startsWith('attachments/'))).toHaveLength(2)
    expect(bodyOf(new TextDecoder().decode(again['Square.md']))).toBe(bodyOf(new TextDecoder().decode(exported['Square.md'])))
  })

  it('refuses the whole archive when its attachments would pass the space’s quota, and creates nothing', async () => {
    const space = await newSpace()
    const big = new Uint8Array(QUOTA + 1024)
    big.set(minimalPdf())
    const report = await uploadZip(server.url, space.id, makeZip({ 'Big.md': '[The big leaflet](big.pdf)\n', 'big.pdf': big, 'Other.md': 'Text.\n' }), user.token)
    expect(report.status).toBe(413)
    expect(report.body.error.id).toBe('quota_exceeded')
    expect(await pageTitles(space.id)).toEqual([])
  })

  it('ends a streamed import with the quota error when pages were already being created, and keeps none of them', async () => {
    const space = await newSpace()
    const big = new Uint8Array(QUOTA + 1024)
    big.set(minimalPdf())
    const response = await fetch(`${server.url}/api/spaces/${space.id}/import`, {
      method: 'POST', body: new Blob([makeZip({ 'A first.md': 'Text.\n', 'Big.md': '[The big leaflet](big.pdf)\n', 'big.pdf': big }).slice()]),
      headers: { 'content-type': 'application/zip', accept: 'application/x-ndjson', authorization: `Bearer ${user.token}` },
    })
    expect(response.status).toBe(200)
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line))
    expect(events[0]).toEqual({ progress: { stage: 'pages', done: 1, total: 2 } })
    expect(events.at(-1).error.id).toBe('quota_exceeded')
    expect(await pageTitles(space.id)).toEqual([])
  })
})
