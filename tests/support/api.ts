/** A JSON API answer: status and parsed body. */
export interface ApiAnswer<T = any> {
  status: number
  body: T
  headers: Headers
}

/** Calls the JSON API as a script would (bearer token), or with extra headers (cookie, origin). */
export async function api<T = any>(
  baseUrl: string, method: string, path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined = options.rawBody
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try { parsed = text ? JSON.parse(text) : null } catch { /* not JSON */ }
  return { status: response.status, body: parsed as T, headers: response.headers }
}

let counter = 0

/** Signs up a fresh user; returns its id, name and bearer token. */
export async function signUpUser(baseUrl: string, prefix = 'user'): Promise<{ id: string; username: string; token: string }> {
  counter += 1
  const username = `${prefix}${counter}_${Math.random().toString(36).slice(2, 7)}`
  const answer = await api(baseUrl, 'POST', '/api/auth/signup', { body: { username, password: 'correct horse battery' } })
  if (answer.status !== 201) throw new Error(`signup failed: ${answer.status} ${JSON.stringify(answer.body)}`)
  return { id: answer.body.user.id, username, token: answer.body.token }
}

/** Creates a space owned by the user and a page in it; returns their ids. */
export async function createSpaceWithPage(baseUrl: string, token: string, options: { visibility?: 'public' | 'private'; title?: string } = {}) {
  const space = await api(baseUrl, 'POST', '/api/spaces', { token, body: { name: `Group ${Math.random().toString(36).slice(2, 7)}`, visibility: options.visibility ?? 'private' } })
  if (space.status !== 201) throw new Error(`space creation failed: ${space.status} ${JSON.stringify(space.body)}`)
  const page = await api(baseUrl, 'POST', `/api/spaces/${space.body.id}/pages`, { token, body: { title: options.title ?? 'First page' } })
  if (page.status !== 201) throw new Error(`page creation failed: ${page.status} ${JSON.stringify(page.body)}`)
  return { spaceId: space.body.id as string, spaceSlug: space.body.slug as string, pageId: page.body.id as string }
}

/** Makes a user an editor (or another role) of a space. */
export async function grantRole(baseUrl: string, ownerToken: string, spaceId: string, username: string, role: 'viewer' | 'editor' | 'owner'): Promise<void> {
  const answer = await api(baseUrl, 'PUT', `/api/spaces/${spaceId}/members/${username}`, { token: ownerToken, body: { role } })
  if (answer.status !== 200) throw new Error(`membership: ${answer.status} ${JSON.stringify(answer.body)}`)
}

/** Two fresh users, a private space owned by `ann` with one page, and `bob` an editor of it. */
export async function createPageForTwo(baseUrl: string, title = 'First page') {
  const ann = await signUpUser(baseUrl, 'ann')
  const bob = await signUpUser(baseUrl, 'bob')
  const place = await createSpaceWithPage(baseUrl, ann.token, { title })
  await grantRole(baseUrl, ann.token, place.spaceId, bob.username, 'editor')
  return { ann, bob, ...place }
}
