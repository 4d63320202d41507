import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiSearchResult } from '../../../shared/searchApi.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let seededSpaceId: string

async function search(query: string, options: { spaceId?: string; token?: string; limit?: number } = {}): Promise<ApiSearchResult[]> {
  const params = new URLSearchParams({ q: query })
  if (options.spaceId) params.set('spaceId', options.spaceId)
  if (options.limit) params.set('limit', String(options.limit))
  const answer = await api<ApiSearchResult[]>(server.url, 'GET', `/api/search?${params}`, { token: options.token })
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return answer.body
}

const titles = (results: ApiSearchResult[]) => results.map((result) => result.title)

beforeAll(async () => {
  server = await startTestServer({ seed: true })
  const spaces = await api(server.url, 'GET', '/api/spaces')
  seededSpaceId = spaces.body.find((space: { slug: string }) => space.slug === 'novocherkassk-1962').id
})

afterAll(async () => {
  await server?.close()
})

describe('search over the seeded encyclopedia', () => {
  it.each([
    'Novocherkassk', 'Novocherkask', 'Novochoerkassk', 'Новочеркасск', 'novocherkassk massacre', 'massacre', 'Novoch', 'Novochoerk',
  ])('finds "Novocherkassk massacre" first for %s', async (query) => {
    const results = await search(query, { spaceId: seededSpaceId })
    expect(titles(results)[0]).toBe('Novocherkassk massacre')
    expect(results[0]).toMatchObject({ spaceId: seededSpaceId, spaceSlug: 'novocherkassk-1962', slug: 'novocherkassk-massacre' })
  })

  it.each(['Konchalovsky', 'Konchalovskiy', 'Кончаловский', 'konchalovski'])('finds the director\'s page first for %s', async (query) => {
    expect(titles(await search(query))[0]).toBe('Andrey Konchalovsky')
  })

  it('ranks pages whose title matches above pages that only mention the words', async () => {
    const results = titles(await search('Dear Comrades'))
    expect(results[0]).toBe('Dear Comrades!')
    const firstTextOnly = results.findIndex((title) => !/dear comrades/iu.test(title))
    const lastTitleMatch = results.findLastIndex((title) => /dear comrades/iu.test(title))
    expect(firstTextOnly === -1 || firstTextOnly > lastTitleMatch).toBe(true)
  })

  it('finds pages by words of their text, English word forms included, and highlights them in the snippet', async () => {
    const results = await search('massacres strikers')
    expect(results.length).toBeGreaterThan(0)
    for (const result of results) expect(result.snippet).toMatch(/<mark>(massacre|striker)s?<\/mark>/iu)
  })

  it('highlights the title words a misspelt query stood for', async () => {
    const [first] = await search('Novochoerkassk')
    expect(first.snippet).toContain('<mark>Novocherkassk</mark>')
  })

  it('answers an empty or punctuation-only query with no results', async () => {
    expect(await search('')).toEqual([])
    expect(await search(' ?! & | ')).toEqual([])
  })

  it('refuses a missing query, an overlong one and a bad limit', async () => {
    expect((await api(server.url, 'GET', '/api/search')).status).toBe(400)
    expect((await api(server.url, 'GET', `/api/search?q=${'a'.repeat(201)}`)).status).toBe(400)
    expect((await api(server.url, 'GET', '/api/search?q=x&limit=0')).status).toBe(400)
    expect((await search('Novocherkassk', { limit: 2 })).length).toBe(2)
  })

  it('finds a page titled in Cyrillic from its Latin spelling, and the reverse', async () => {
    const user = await signUpUser(server.url)
    const { spaceId } = await createSpaceWithPage(server.url, user.token, { title: 'Новочеркасск в 1962 году' })
    await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: user.token, body: { title: 'Kiseleva' } })
    // New pages are indexed right after they are created, not inside the request.
    const found = (query: string) => search(query, { spaceId, token: user.token }).then(titles)
    await waitFor(async () => (await found('Novocherkassk 1962')).length > 0, 'the Cyrillic title to be found')
    expect(await found('Novocherkassk 1962')).toEqual(['Новочеркасск в 1962 году'])
    await waitFor(async () => (await found('Киселева')).length > 0, 'the Latin title to be found')
    expect(await found('Киселева')).toEqual(['Kiseleva'])
  })

  it('escapes page text in snippets, so a snippet can never carry markup of its own', async () => {
    const results = await search('script', { limit: 50 })
    for (const { snippet } of results) expect(snippet.replace(/<\/?mark>/gu, '')).not.toMatch(/[<>]/u)
  })
})
