/** Calls the JSON API with a bearer token; throws with the answer when the status is not the expected one. */
async function call<T>(baseUrl: string, method: string, path: string, token: string | null, body: unknown, expected: number): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await response.text()
  if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`)
  return (text ? JSON.parse(text) : null) as T
}

/** Sign-ups per address and minute that the server allows: the bench's users are that many. */
const USERS = 5

/**
 * The bench's people and pages on a Palimpsest server, made as a script would make them:
 * sign-ups (tokens), one private space, its members as editors, pages through the API.
 */
export class PalimpsestSetup {
  readonly baseUrl: string
  tokens: string[] = []
  spaceId = ''

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl
  }

  async prepare(): Promise<void> {
    const run = Math.random().toString(36).slice(2, 7)
    const users: { username: string; token: string }[] = []
    for (let i = 0; i < USERS; i++) {
      const username = `bench${i}_${run}`
      const answer = await call<{ token: string }>(this.baseUrl, 'POST', '/api/auth/signup', null, { username, password: 'bench password 1962' }, 201)
      users.push({ username, token: answer.token })
    }
    const owner = users[0].token
    const space = await call<{ id: string }>(this.baseUrl, 'POST', '/api/spaces', owner, { name: `Bench ${run}`, visibility: 'private' }, 201)
    this.spaceId = space.id
    for (const user of users.slice(1)) {
      await call(this.baseUrl, 'PUT', `/api/spaces/${space.id}/members/${user.username}`, owner, { role: 'editor' }, 200)
    }
    this.tokens = users.map((u) => u.token)
  }

  /** Creates `count` pages titled `<prefix> <n>`, sixteen requests at a time. */
  async createPages(count: number, prefix: string): Promise<string[]> {
    const ids: string[] = new Array(count)
    let next = 0
    await Promise.all(Array.from({ length: Math.min(16, count) }, async () => {
      while (next < count) {
        const i = next++
        const page = await call<{ id: string }>(this.baseUrl, 'POST', `/api/spaces/${this.spaceId}/pages`, this.tokens[0], { title: `${prefix} ${i + 1}` }, 201)
        ids[i] = page.id
      }
    }))
    return ids
  }

  /** A JSON API call as the space's owner. */
  get<T>(path: string): Promise<T> {
    return call<T>(this.baseUrl, 'GET', path, this.tokens[0], undefined, 200)
  }

  /** A JSON API POST as the space's owner, expecting 201. */
  post<T>(path: string, body: unknown): Promise<T> {
    return call<T>(this.baseUrl, 'POST', path, this.tokens[0], body, 201)
  }

  /** Whether the server has an API route answering GET `path` (a missing one says "No API route"). */
  async routeLanded(path: string): Promise<boolean> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.tokens[0]}` } })
    const text = await response.text()
    return !(response.status === 404 && text.includes('No API route'))
  }
}
