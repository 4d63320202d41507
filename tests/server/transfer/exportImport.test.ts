import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import * as Y from 'yjs'
import { parse } from 'yaml'
import { fetchAttachment, minimalPdf, smallPng, uploadFile } from '../../support/attachmentFiles.ts'
import { connectProvider } from '../../support/providers.ts'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { bodyOf, downloadSpace, makeZip, uploadZip } from './transferServer.ts'

// The seeded encyclopedia (33 interlinked pages) is exported, imported into a new space and
// exported again.
let server: TestServer
let seedSpace: { id: string; slug: string }
let user: { id: string; token: string; username: string }

beforeAll(async () => {
  server = await startTestServer({ seed: true })
  seedSpace = (await api(server.url, 'GET', '/api/spaces')).body[0]
  user = await signUpUser(server.url, 'importer')
})

afterAll(async () => {
  await server?.close()
})

async function newSpace(token: string, visibility: 'public' | 'private' = 'private') {
  const answer = await api(server.url, 'POST', '/api/spaces', { token, body: { name: `Import ${Math.random().toString(36).slice(2, 7)}`, visibility } })
  expect(answer.status).toBe(201)
  return answer.body as { id: string; slug: string }
}

describe('page export', () => {
  it('gives a page as Markdown with front matter and wiki links as [[Title]]', async () => {
    const pages = (await api(server.url, 'GET', `/api/spaces/${seedSpace.id}/pages`)).body as { id: string; title: string }[]
    const page = pages.find((p) => p.title === 'Alisher Usmanov')!
    const response = await fetch(`${server.url}/api/pages/${page.id}/export?format=markdown`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=alisher-usmanov.md')
    const text = await response.text()
    const meta = parse(/^---\n([\s\S]*?)\n---\n/u.exec(text)![1])
    expect(meta).toMatchObject({ title: 'Alisher Usmanov', aliases: [], authors: ['Palimpsest seed'] })
    expect(new Date(meta.created).getTime()).not.toBeNaN()
    expect(bodyOf(text)).toMatch(/^\*\*Alisher Usmanov\*\* was the main producer of the film \[\[Dear Comrades!\]\]/u)
    expect(bodyOf(text)).toContain('\n## How the review uses him\n')
    expect(bodyOf(text)).toContain('[[Production and funding of Dear Comrades!]]')
  })

  it('gives a page as one standalone HTML file with a print stylesheet and links back to the wiki', async () => {
    const pages = (await api(server.url, 'GET', `/api/spaces/${seedSpace.id}/pages`)).body as { id: string; title: string }[]
    const page = pages.find((p) => p.title === 'Alisher Usmanov')!
    const response = await fetch(`${server.url}/api/pages/${page.id}/export?format=html`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await response.text()
    expect(html).toMatch(/^<!doctype html>/u)
    expect(html).toContain('<title>Alisher Usmanov</title>')
    expect(html).toContain('@media print')
    expect(html).toContain(`<a class="wiki-link" href="${server.url}/s/${seedSpace.slug}/w/Dear%20Comrades!">Dear Comrades!</a>`)
    expect(html).not.toContain('---')
    // Its citations as numbered footnotes, their list at the end.
    expect(html).toMatch(/<sup class="footnote-ref"><a href="#fn1" id="fnref1">\[1\]<\/a><\/sup>/u)
    expect(html).toMatch(/<section class="footnotes">[\s\S]*— ¶\d+/u)
  })

  it('refuses a format it does not know', async () => {
    const pages = (await api(server.url, 'GET', `/api/spaces/${seedSpace.id}/pages`)).body as { id: string }[]
    expect((await api(server.url, 'GET', `/api/pages/${pages[0].id}/export?format=pdf`)).status).toBe(400)
  })
})

describe('space export and import', () => {
  it('exports a space, imports it into a fresh space and exports the same Markdown again', async () => {
    const first = await downloadSpace(server.url, seedSpace.id)
    expect(first.status).toBe(200)
    const manifest = JSON.parse(first.files['manifest.json'])
    expect(manifest).toMatchObject({ format: 'palimpsest-space', version: 1, space: { slug: seedSpace.slug } })
    expect(manifest.pages).toHaveLength(33)

    const target = await newSpace(user.token)
    const zip = makeZip(first.files)
    const report = await uploadZip(server.url, target.id, zip, user.token)
    expect(report.status).toBe(200)
    expect(report.body.imported).toHaveLength(33)
    expect(report.body.renamed).toEqual([])
    expect(report.body.skipped).toEqual([])

    // Citations travel as footnotes: `[^n]` in the text, the formatted source, locator and quotation at the end.
    const usmanov = bodyOf(first.files['Alisher Usmanov.md'])
    expect(usmanov).toMatch(/\.\[\^1\]/u)
    expect(usmanov).toMatch(/^\[\^1\]: .+ — ¶\d+/mu)
    // The fresh space has no sources: every footnote came in as a note, so no page cites a source there.
    const needed = (await api(server.url, 'GET', `/api/spaces/${target.id}/citation-needed`, { token: user.token })).body
    expect(needed.uncited).toHaveLength(33)

    const second = await downloadSpace(server.url, target.id, user.token)
    expect(Object.keys(second.files).sort()).toEqual(Object.keys(first.files).sort())
    for (const name of Object.keys(first.files).filter((n) => n.endsWith('.md'))) {
      expect(bodyOf(second.files[name]), name).toBe(bodyOf(first.files[name]))
      expect(parse(/^---\n([\s\S]*?)\n---\n/u.exec(second.files[name])![1]).authors, name).toEqual([user.username])
    }
  })

  it('turns a footnote naming a source of the space into a citation of it, with its locator and quotation', async () => {
    const member = await signUpUser(server.url, 'citer')
    expect((await api(server.url, 'POST', `/api/spaces/${seedSpace.id}/join`, { token: member.token })).status).toBe(200)
    const original = (await downloadSpace(server.url, seedSpace.id)).files['Alisher Usmanov.md']
    const report = await uploadZip(server.url, seedSpace.id, makeZip({ 'Alisher Usmanov.md': original }), member.token)
    expect(report.status).toBe(200)
    expect(report.body.renamed).toEqual([{ file: 'Alisher Usmanov.md', from: 'Alisher Usmanov', to: 'Alisher Usmanov (2)' }])
    const pageId = report.body.imported[0].pageId
    const needed = (await api(server.url, 'GET', `/api/spaces/${seedSpace.id}/citation-needed`)).body as { uncited: { pageId: string }[] }
    expect(needed.uncited.map((p) => p.pageId)).not.toContain(pageId)
    const again = await fetch(`${server.url}/api/pages/${pageId}/export?format=markdown`)
    expect(bodyOf(await again.text())).toBe(bodyOf(original))
  })

  it('carries the attachments its pages use as files beside the Markdown, named by content, and never another space’s', async () => {
    const space = await newSpace(user.token)
    const other = await newSpace(user.token)
    const create = async (spaceId: string, title: string) =>
      (await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: user.token, body: { title } })).body.id as string
    const pageId = await create(space.id, 'Pictures')
    const otherPageId = await create(other.id, 'Secret')
    const image = (await uploadFile(server.url, pageId, await smallPng(), 'square.png', { token: user.token })).body as { url: string }
    const leaflet = (await uploadFile(server.url, pageId, minimalPdf(), 'leaflet.pdf', { token: user.token })).body as { url: string }
    // A member writing another space's attachment URL into this space's page (the schema allows any of ours).
    const secret = (await uploadFile(server.url, otherPageId, await smallPng(60, 40, 10), 'secret.png', { token: user.token })).body as { url: string }
    const editor = await connectProvider(server.wsUrl, pageId, { token: user.token })
    editor.doc.transact(() => {
      const fragment = editor.doc.getXmlFragment('default')
      const node = (name: string, attrs: Record<string, string | number>) => {
        const element = new Y.XmlElement(name)
        for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value as string)
        return element
      }
      fragment.insert(0, [
        node('image', { src: image.url, alt: 'The square', caption: 'June 1962', width: 'wide' }),
        node('fileAttachment', { src: leaflet.url, name: 'leaflet.pdf', size: 100, contentType: 'application/pdf' }),
        node('image', { src: secret.url, alt: 'Not yours', caption: '', width: 'inline' }),
      ])
    })
    await editor.settled()
    editor.destroy()

    const response = await fetch(`${server.url}/api/spaces/${space.id}/export`, { headers: { authorization: `Bearer ${user.token}` } })
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
    const carried = Object.keys(files).filter((name) => name.startsWith('attachments/')).sort()
    expect(carried).toHaveLength(2)
    expect(carried.every((name) => /^attachments\/[0-9a-f]{64}\.(png|pdf)$/u.test(name))).toBe(true)
    const png = carried.find((name) => name.endsWith('.png'))!
    const pdf = carried.find((name) => name.endsWith('.pdf'))!
    expect(Buffer.from(files[png]).equals((await fetchAttachment(server.url, image.url, { token: user.token })).bytes)).toBe(true)
    expect(Buffer.from(files[pdf]).equals((await fetchAttachment(server.url, leaflet.url, { token: user.token })).bytes)).toBe(true)
    const markdown = bodyOf(new TextDecoder().decode(files['Pictures.md']))
    expect(markdown).toBe(`![The square](${png} "June 1962")\n\n[leaflet.pdf](${pdf})\n\n![Not yours](${server.url}${secret.url})\n\n`.replace(/\n\n$/u, '\n'))
    const secretBytes = (await fetchAttachment(server.url, secret.url, { token: user.token })).bytes
    expect(Object.values(files).some((bytes) => Buffer.from(bytes).equals(secretBytes))).toBe(false)
  })

  it('starts each imported page’s history with “Imported from <file>” by the importer, and links resolve', async () => {
    const target = await newSpace(user.token)
    const zip = makeZip({
      'notes/Strike.md': '# The strike\n\nWorkers stopped work; see [[Massacre]] and [the aftermath](../Aftermath.md).\n',
      'Massacre.md': '---\ntitle: The massacre\naliases: [Massacre of 1962]\ncreated: 2021-02-09T00:00:00.000Z\n---\nSoldiers fired. Back to [[notes/Strike]].\n',
      'Aftermath.md': 'The cover-up, after [[The strike]].\n',
    })
    const report = await uploadZip(server.url, target.id, zip, user.token)
    expect(report.status).toBe(200)
    expect(report.body.imported.map((p: { title: string }) => p.title).sort()).toEqual(['Aftermath', 'The massacre', 'The strike', 'notes'])
    const strike = report.body.imported.find((p: { title: string }) => p.title === 'The strike')

    const revisions = (await api(server.url, 'GET', `/api/pages/${strike.pageId}/revisions`, { token: user.token })).body
    expect(revisions).toHaveLength(1)
    expect(revisions[0]).toMatchObject({ summary: 'Imported from notes/Strike.md', authors: [{ id: user.id, username: user.username }] })

    const links = (await api(server.url, 'GET', `/api/pages/${strike.pageId}/links`, { token: user.token })).body as { target: string; pageId?: string | null }[]
    expect(links.map((l) => l.target).sort()).toEqual(['Aftermath', 'The massacre'])
    const backlinks = (await api(server.url, 'GET', `/api/pages/${strike.pageId}/backlinks`, { token: user.token })).body as { title: string }[]
    expect(backlinks.map((b) => b.title).sort()).toEqual(['Aftermath', 'The massacre'])
    const massacre = report.body.imported.find((p: { title: string }) => p.title === 'The massacre')
    expect((await api(server.url, 'GET', `/api/pages/${massacre.pageId}/aliases`, { token: user.token })).body.map((a: { title: string }) => a.title)).toEqual(['Massacre of 1962'])
    expect((await api(server.url, 'GET', `/api/pages/${massacre.pageId}`, { token: user.token })).body.createdAt).toBe('2021-02-09T00:00:00.000Z')
  })

  it('puts an exported space’s pages back in their tree: under the same parents, in the same order', async () => {
    const source = await newSpace(user.token)
    const create = async (title: string, parentId?: string) =>
      (await api(server.url, 'POST', `/api/spaces/${source.id}/pages`, { token: user.token, body: { title, parentId } })).body.id as string
    const strike = await create('Strike')
    await create('Demands', strike)
    const square = await create('In the square', strike)
    await create('Shooting', square)
    await create('Aftermath')
    const shape = async (spaceId: string) => {
      const pages = (await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token: user.token })).body as { id: string; title: string; parentId: string | null; position: number }[]
      const titleOf = new Map(pages.map((p) => [p.id, p.title]))
      return pages.map((p) => `${p.title} under ${p.parentId ? titleOf.get(p.parentId) : '-'} at ${p.position}`).sort()
    }
    const target = await newSpace(user.token)
    const zip = makeZip((await downloadSpace(server.url, source.id, user.token)).files)
    expect((await uploadZip(server.url, target.id, zip, user.token)).status).toBe(200)
    expect(await shape(target.id)).toEqual(await shape(source.id))
    expect(await shape(target.id)).toContain('Shooting under In the square at 0')
  })

  it('turns an archive’s folders into the page tree: under the folder’s own note, or a new empty page named after it', async () => {
    const target = await newSpace(user.token)
    const zip = makeZip({
      'Strike.md': 'The strike, the folder’s note beside it.\n',
      'Strike/Demands.md': 'Demands.\n',
      'Strike/Square/Square.md': 'The square, the folder’s note inside it.\n',
      'Strike/Square/Shooting.md': 'Shooting.\n',
      'Archives/Fonds/Order 1.md': 'An order.\n',
      'Archives/Fonds/Order 2.md': 'Another.\n',
      'Top.md': 'Top level.\n',
    })
    const report = await uploadZip(server.url, target.id, zip, user.token)
    expect(report.status).toBe(200)
    expect(report.body.imported.filter((p: { file: string }) => p.file.endsWith('/')).map((p: { file: string; title: string }) => `${p.file} ${p.title}`).sort())
      .toEqual(['Archives/ Archives', 'Archives/Fonds/ Fonds'])
    const pages = (await api(server.url, 'GET', `/api/spaces/${target.id}/pages`, { token: user.token })).body as { id: string; title: string; parentId: string | null; position: number }[]
    const titleOf = new Map(pages.map((p) => [p.id, p.title]))
    expect(pages.map((p) => `${p.title} under ${p.parentId ? titleOf.get(p.parentId) : '-'} at ${p.position}`).sort()).toEqual([
      'Archives under - at 0', 'Demands under Strike at 0', 'Fonds under Archives at 0', 'Order 1 under Fonds at 0', 'Order 2 under Fonds at 1',
      'Shooting under Square at 0', 'Square under Strike at 1', 'Strike under - at 1', 'Top under - at 2',
    ])
    const folderPage = report.body.imported.find((p: { title: string }) => p.title === 'Fonds')
    const revisions = (await api(server.url, 'GET', `/api/pages/${folderPage.pageId}/revisions`, { token: user.token })).body
    expect(revisions[0].summary).toBe('Imported from Archives/Fonds/')
  })

  it('streams an import’s progress as JSON lines to a client that asks for them, ending with the report', async () => {
    const target = await newSpace(user.token)
    const zip = makeZip({ 'A.md': 'One.\n', 'B.md': 'Two.\n', 'C.md': 'Three.\n' })
    const response = await fetch(`${server.url}/api/spaces/${target.id}/import`, {
      method: 'POST', body: new Blob([zip.slice()]),
      headers: { 'content-type': 'application/zip', accept: 'application/x-ndjson', authorization: `Bearer ${user.token}` },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line))
    expect(events.slice(0, -1)).toEqual([
      ...[1, 2, 3].map((done) => ({ progress: { stage: 'pages', done, total: 3 } })),
      ...[1, 2, 3].map((done) => ({ progress: { stage: 'indexing', done, total: 3 } })),
    ])
    expect(events.at(-1).report.imported.map((p: { title: string }) => p.title).sort()).toEqual(['A', 'B', 'C'])
    // Refused before any page is made: an ordinary error answer, with its status.
    const refused = await fetch(`${server.url}/api/spaces/${target.id}/import`, {
      method: 'POST', body: new Blob([new Uint8Array([1, 2, 3])]),
      headers: { 'content-type': 'application/zip', accept: 'application/x-ndjson', authorization: `Bearer ${user.token}` },
    })
    expect(refused.status).toBe(400)
    expect((await refused.json()).error.id).toBe('invalid_archive')
  })

  it('renames a file whose title is taken, in the space or by another file, and reports it', async () => {
    const target = await newSpace(user.token)
    expect((await api(server.url, 'POST', `/api/spaces/${target.id}/pages`, { token: user.token, body: { title: 'Strike' } })).status).toBe(201)
    const zip = makeZip({ 'a/Strike.md': 'First.\n', 'b/strike.md': 'Second.\n' })
    const report = await uploadZip(server.url, target.id, zip, user.token)
    expect(report.status).toBe(200)
    expect(report.body.renamed).toEqual([
      { file: 'a/Strike.md', from: 'Strike', to: 'Strike (2)' },
      { file: 'b/strike.md', from: 'strike', to: 'strike (3)' },
    ])
  })
})
