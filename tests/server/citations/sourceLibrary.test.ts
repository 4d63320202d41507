import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendCitedParagraph } from './citationWriting.ts'

let server: TestServer
let owner: { token: string; username: string }
let editor: { token: string; username: string }
let viewer: { token: string; username: string }
let outsider: { token: string; username: string }
let group: { spaceId: string; spaceSlug: string; pageId: string }

const KOZLOV = `@book{kozlov2002,
  author = {Kozlov, Vladimir A.},
  title = {Mass Uprisings in the {USSR}: Protest and Rebellion in the Post-Stalin Years},
  publisher = {M. E. Sharpe},
  address = {Armonk, NY},
  year = {2002}
}

@article{baron1995,
  author = {Baron, Samuel H.},
  title = {Bloody Saturday in the Soviet Union},
  journal = {Slavic Review},
  volume = {54},
  year = {1995},
  pages = {1--20}
}
`

const call = (method: string, path: string, token: string | null, body?: unknown) => api(server.url, method, path, { token, body })
const sources = () => `/api/spaces/${group.spaceId}/sources`

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  editor = await signUpUser(server.url, 'editor')
  viewer = await signUpUser(server.url, 'viewer')
  outsider = await signUpUser(server.url, 'outsider')
  group = await createSpaceWithPage(server.url, owner.token, { visibility: 'private', title: 'Bloody Saturday' })
  for (const [who, role] of [[editor, 'editor'], [viewer, 'viewer']] as const) await grantRole(server.url, owner.token, group.spaceId, who.username, role)
})

afterAll(async () => {
  await server?.close()
})

describe('the source library of a space', () => {
  it('imports BibTeX as CSL-JSON items, lists them in file order, and exports them back', async () => {
    const imported = await call('POST', `${sources()}/import`, editor.token, { bibtex: KOZLOV })
    expect(imported.status).toBe(201)
    expect(imported.body.map((s: { csl: { title: string } }) => s.csl.title)).toEqual([
      'Mass Uprisings in the USSR: Protest and Rebellion in the Post-Stalin Years', 'Bloody Saturday in the Soviet Union'])
    expect(imported.body[0].csl).toMatchObject({ type: 'book', author: [{ family: 'Kozlov', given: 'Vladimir A.' }], issued: { 'date-parts': [[2002]] } })
    const listed = await call('GET', sources(), viewer.token)
    expect(listed.body.map((s: { id: string }) => s.id)).toEqual(imported.body.map((s: { id: string }) => s.id))
  })

  it('round-trips BibTeX → CSL-JSON → BibTeX: the second export equals the first', async () => {
    const place = await createSpaceWithPage(server.url, owner.token, { title: 'Round trip' })
    await call('POST', `/api/spaces/${place.spaceId}/sources/import`, owner.token, { bibtex: KOZLOV })
    const firstBibtex = await call('GET', `/api/spaces/${place.spaceId}/sources/export?format=bibtex`, owner.token)
    expect(firstBibtex.headers.get('content-type')).toMatch(/application\/x-bibtex/u)
    expect(firstBibtex.body).toContain('@book{kozlov2002,')
    const csl = await call('GET', `/api/spaces/${place.spaceId}/sources/export?format=csl`, owner.token)
    expect(csl.body).toHaveLength(2)

    const again = await createSpaceWithPage(server.url, owner.token, { title: 'Round trip again' })
    expect((await call('POST', `/api/spaces/${again.spaceId}/sources/import`, owner.token, { csl: csl.body })).status).toBe(201)
    const fromCsl = await call('GET', `/api/spaces/${again.spaceId}/sources/export?format=bibtex`, owner.token)
    expect(fromCsl.body).toBe(firstBibtex.body)
    const third = await createSpaceWithPage(server.url, owner.token, { title: 'Round trip third' })
    await call('POST', `/api/spaces/${third.spaceId}/sources/import`, owner.token, { bibtex: fromCsl.body })
    const thirdCsl = await call('GET', `/api/spaces/${third.spaceId}/sources/export?format=csl`, owner.token)
    const withoutIds = (items: Record<string, unknown>[]) => items.map(({ id: _id, ...rest }) => rest)
    expect(withoutIds(thirdCsl.body)).toEqual(withoutIds(csl.body))
  })

  it('refuses a BibTeX file that does not parse with a 400 naming the line, and imports nothing', async () => {
    const before = (await call('GET', sources(), owner.token)).body.length
    const broken = `${KOZLOV}\n@misc{broken,\n  title = {Unclosed\n  year = {1962}\n`
    const answer = await call('POST', `${sources()}/import`, editor.token, { bibtex: broken })
    expect(answer.status).toBe(400)
    expect(answer.body.error.id).toBe('unparsable_sources')
    expect(answer.body.error.message).toMatch(/^bibtex: line 2\d: /u)
    expect((await call('GET', sources(), owner.token)).body.length).toBe(before)
  })

  it('imports RIS, and refuses a RIS file with a line that is no tag line, naming it', async () => {
    const ris = 'TY  - BOOK\nAU  - Kozlov, Vladimir A.\nTI  - Mass Uprisings in the USSR\nPY  - 2002\nER  - \n'
    const ok = await call('POST', `${sources()}/import`, editor.token, { ris })
    expect(ok.status).toBe(201)
    expect(ok.body[0].csl).toMatchObject({ type: 'book', title: 'Mass Uprisings in the USSR' })
    await call('DELETE', `${sources()}/${ok.body[0].id}`, editor.token)
    const bad = await call('POST', `${sources()}/import`, editor.token, { ris: 'TY  - BOOK\nTI  - Fine\nthis is not RIS\nER  - \n' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/^ris: line 3: /u)
  })

  it('imports 5,000 entries in one request, and refuses more with a clear limit', async () => {
    const place = await createSpaceWithPage(server.url, owner.token, { title: 'Big library' })
    let bibtex = ''
    for (let i = 0; i < 5000; i++) bibtex += `@article{k${i},\n  author = {Author, Some and Other, Person},\n  title = {Study number ${i}},\n  journal = {Journal},\n  year = {19${String(i % 100).padStart(2, '0')}}\n}\n`
    const answer = await call('POST', `/api/spaces/${place.spaceId}/sources/import`, owner.token, { bibtex })
    expect(answer.status).toBe(201)
    expect(answer.body).toHaveLength(5000)
    expect(answer.body[4999].csl.title).toBe('Study number 4999')
    const tooMany = await call('POST', `/api/spaces/${place.spaceId}/sources/import`, owner.token, { bibtex: `${bibtex}@misc{one,\n  title = {One more}\n}\n` })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.message).toMatch(/at most 5000/u)
    // The larger body limit is the import route's alone.
    const big = await call('POST', `/api/spaces/${place.spaceId}/sources`, owner.token, { csl: { type: 'book', title: 'x'.repeat(100_000) } })
    expect(big.status).toBe(413)
  })

  it('adds, changes and deletes one source by hand', async () => {
    const created = await call('POST', sources(), editor.token, { csl: { type: 'webpage', title: 'Trial records', URL: 'https://example.org/records', accessed: { 'date-parts': [[2024, 5, 1]] } } })
    expect(created.status).toBe(201)
    const changed = await call('PUT', `${sources()}/${created.body.id}`, editor.token, { csl: { type: 'webpage', title: 'Trial records, 1962' } })
    expect(changed.body.csl.title).toBe('Trial records, 1962')
    expect((await call('GET', `${sources()}/${created.body.id}`, viewer.token)).body).toMatchObject({ csl: { title: 'Trial records, 1962' }, citedBy: [] })
    expect((await call('DELETE', `${sources()}/${created.body.id}`, editor.token)).status).toBe(204)
    expect((await call('GET', `${sources()}/${created.body.id}`, viewer.token)).status).toBe(404)
  })

  it('formats sources in the space’s style (Chicago author-date by default); a missing one says so', async () => {
    const [kozlov] = (await call('GET', sources(), viewer.token)).body
    const answer = await call('GET', `${sources()}/formatted?id=${kozlov.id}&id=00000000-0000-4000-8000-000000000000&id=not-an-id`, viewer.token)
    expect(answer.body.style).toBe('chicago-author-date')
    expect(answer.body.entries[0].text).toBe('Kozlov, Vladimir A. 2002. Mass Uprisings in the USSR: Protest and Rebellion in the Post-Stalin Years. M. E. Sharpe.')
    expect(answer.body.entries.slice(1).map((e: { missing: boolean }) => e.missing)).toEqual([true, true])
    expect((await call('PUT', `/api/spaces/${group.spaceId}/citation-style`, owner.token, { style: 'apa' })).status).toBe(200)
    const apa = await call('GET', `${sources()}/formatted?id=${kozlov.id}`, viewer.token)
    expect(apa.body.entries[0].text).toMatch(/^Kozlov, V\. A\. \(2002\)\./u)
    await call('PUT', `/api/spaces/${group.spaceId}/citation-style`, owner.token, { style: 'chicago-author-date' })
  })
})

describe('what cites a source', () => {
  it('lists the pages citing a source, refuses to delete it while cited, and allows it once the citation is gone', async () => {
    const [kozlov, baron] = (await call('GET', sources(), owner.token)).body
    const page = await connectProvider(server.wsUrl, group.pageId, { token: editor.token })
    appendCitedParagraph(page.doc, ['Troops fired on the crowd.', { sourceId: kozlov.id, locator: 'p. 231' }, ' Then again.', { sourceId: kozlov.id }])
    appendCitedParagraph(page.doc, ['Casualty figures were hidden.', 'needed', { note: 'The archive opened in 1991.' }])
    await page.settled()
    const cited = await waitFor(async () => {
      const answer = await call('GET', `${sources()}/${kozlov.id}`, viewer.token)
      return answer.body.citedBy.length === 1 && answer.body
    }, 'the citation to be indexed')
    expect(cited.citedBy).toEqual([{ pageId: group.pageId, title: 'Bloody Saturday', slug: expect.any(String), uses: 2 }])

    const refused = await call('DELETE', `${sources()}/${kozlov.id}`, editor.token)
    expect(refused.status).toBe(409)
    expect(refused.body.error).toEqual({ id: 'source_cited', message: expect.stringContaining('“Bloody Saturday”') })
    expect((await call('DELETE', `${sources()}/${baron.id}`, editor.token)).status).toBe(204)

    const needed = await call('GET', `/api/spaces/${group.spaceId}/citation-needed`, viewer.token)
    expect(needed.body.needed).toEqual([{ pageId: group.pageId, title: 'Bloody Saturday', slug: expect.any(String), uses: 1 }])
    expect(needed.body.uncited.map((p: { title: string }) => p.title)).not.toContain('Bloody Saturday')

    page.doc.transact(() => page.doc.getXmlFragment('default').delete(0, page.doc.getXmlFragment('default').length))
    await page.settled()
    await waitFor(async () => (await call('GET', `${sources()}/${kozlov.id}`, viewer.token)).body.citedBy.length === 0, 'the citation to go')
    expect((await call('GET', `/api/spaces/${group.spaceId}/citation-needed`, viewer.token)).body).toMatchObject({ needed: [], uncited: [{ title: 'Bloody Saturday' }] })
    page.destroy()
  })

  it('ignores a page of another space that names the source’s id: it neither shows nor blocks deletion', async () => {
    const created = await call('POST', sources(), owner.token, { csl: { type: 'book', title: 'Private book' } })
    const elsewhere = await createSpaceWithPage(server.url, outsider.token, { visibility: 'public', title: 'Hostile page' })
    const page = await connectProvider(server.wsUrl, elsewhere.pageId, { token: outsider.token })
    appendCitedParagraph(page.doc, ['Claim.', { sourceId: created.body.id }, 'needed'])
    await page.settled()
    // Indexed: the outsider's own space shows the marker.
    await waitFor(async () => (await call('GET', `/api/spaces/${elsewhere.spaceId}/citation-needed`, outsider.token)).body.needed.length === 1, 'the hostile page to be indexed')
    expect((await call('GET', `${sources()}/${created.body.id}`, owner.token)).body.citedBy).toEqual([])
    expect((await call('GET', `/api/spaces/${elsewhere.spaceId}/sources/formatted?id=${created.body.id}`, outsider.token)).body.entries[0]).toMatchObject({ missing: true, html: '' })
    expect((await call('DELETE', `${sources()}/${created.body.id}`, owner.token)).status).toBe(204)
    page.destroy()
  })
})

describe('notes in search', () => {
  it('finds a page by the words of a note it holds, for its readers only', async () => {
    const notes = await createSpaceWithPage(server.url, owner.token, { visibility: 'private', title: 'Footnoted page' })
    const page = await connectProvider(server.wsUrl, notes.pageId, { token: owner.token })
    appendCitedParagraph(page.doc, ['A claim.', { note: 'Compare the Politburo transcripts.' }])
    await page.settled()
    page.destroy()
    const search = (token: string | null) => call('GET', `/api/search?q=${encodeURIComponent('Politburo transcripts')}`, token)
    await waitFor(async () => (await search(owner.token)).body.some((r: { title: string }) => r.title === 'Footnoted page'), 'the note to be searchable')
    expect((await search(outsider.token)).body.map((r: { title: string }) => r.title)).not.toContain('Footnoted page')
  })
})

describe('permissions of the source library', () => {
  it('lets readers read, editors change sources, owners pick the style; outsiders and anonymous readers of a private space learn nothing', async () => {
    const [one] = (await call('GET', sources(), owner.token)).body
    const tokens = { anonymous: null, outsider: outsider.token, viewer: viewer.token, editor: editor.token, owner: owner.token }
    const statuses: Record<string, number[]> = {}
    for (const [who, token] of Object.entries(tokens)) {
      statuses[who] = [
        (await call('GET', sources(), token)).status,
        (await call('GET', `${sources()}/${one.id}`, token)).status,
        (await call('GET', `${sources()}/export?format=bibtex`, token)).status,
        (await call('GET', `${sources()}/formatted?id=${one.id}`, token)).status,
        (await call('GET', `/api/spaces/${group.spaceId}/citation-needed`, token)).status,
        (await call('POST', `${sources()}/import`, token, { csl: [{ type: 'book', title: `Imported by ${who}` }] })).status,
        (await call('PUT', `${sources()}/${one.id}`, token, { csl: one.csl })).status,
        (await call('PUT', `/api/spaces/${group.spaceId}/citation-style`, token, { style: 'chicago-author-date' })).status,
      ]
    }
    expect(statuses).toEqual({
      anonymous: [404, 404, 404, 404, 404, 404, 404, 404],
      outsider: [404, 404, 404, 404, 404, 404, 404, 404],
      viewer: [200, 200, 200, 200, 200, 403, 403, 403],
      editor: [200, 200, 200, 200, 200, 201, 200, 403],
      owner: [200, 200, 200, 200, 200, 201, 200, 200],
    })
    const viewerDelete = await call('DELETE', `${sources()}/${one.id}`, viewer.token)
    expect(viewerDelete.status).toBe(403)
    const titles = (await call('GET', sources(), owner.token)).body.map((s: { csl: { title: string } }) => s.csl.title)
    expect(titles).not.toContain('Imported by viewer')
    expect(titles).not.toContain('Imported by outsider')
  })

  it('answers a source of another space as missing: a source id opens only its own space’s library', async () => {
    const [one] = (await call('GET', sources(), owner.token)).body
    const mine = await createSpaceWithPage(server.url, outsider.token, { title: 'Mine' })
    expect((await call('GET', `/api/spaces/${mine.spaceId}/sources/${one.id}`, outsider.token)).status).toBe(404)
    expect((await call('PUT', `/api/spaces/${mine.spaceId}/sources/${one.id}`, outsider.token, { csl: { type: 'book', title: 'Hijacked' } })).status).toBe(404)
    expect((await call('DELETE', `/api/spaces/${mine.spaceId}/sources/${one.id}`, outsider.token)).status).toBe(404)
    expect((await call('GET', `${sources()}/${one.id}`, owner.token)).body.csl.title).not.toBe('Hijacked')
  })
})
