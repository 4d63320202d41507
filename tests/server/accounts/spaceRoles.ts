import { api, signUpUser } from '../../support/api.ts'

/** Who knocks: nobody signed in, a signed-in stranger, or a member with a role. */
export type Knocker = 'anonymous' | 'outsider' | 'viewer' | 'editor' | 'owner'

/** Every knocker, in the order the authorization tables list them. */
export const KNOCKERS: Knocker[] = ['anonymous', 'outsider', 'viewer', 'editor', 'owner']

export type Visibility = 'public' | 'private'

/** A signed-up test user. */
export interface TestUser {
  id: string
  username: string
  token: string
}

/** A space with one page, made by the owner, with an editor and a viewer added. */
export interface RoleSpace {
  id: string
  slug: string
  name: string
  pageId: string
  pageSlug: string
  pageTitle: string
}

/** The users of each role and a public and a private space where they hold those roles. */
export interface SpaceRoles {
  users: Record<Exclude<Knocker, 'anonymous'>, TestUser>
  spaces: Record<Visibility, RoleSpace>
  /** The bearer token of a knocker (null for anonymous). */
  token(knocker: Knocker): string | null
}

/** Calls the API and fails loudly unless the answer has the expected status (for set-up steps). */
export async function must(baseUrl: string, status: number, method: string, path: string, options: Parameters<typeof api>[3] = {}) {
  const answer = await api(baseUrl, method, path, options)
  if (answer.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer
}

/** Creates a space of the given visibility with one page, owned by `owner`, with `editor` and `viewer` as members. */
export async function createRoleSpace(
  baseUrl: string, visibility: Visibility, users: Pick<SpaceRoles['users'], 'owner' | 'editor' | 'viewer'>, pageTitle: string,
): Promise<RoleSpace> {
  const owner = users.owner.token
  const name = `${visibility === 'public' ? 'Open' : 'Closed'} reading group ${Math.random().toString(36).slice(2, 7)}`
  const space = await must(baseUrl, 201, 'POST', '/api/spaces', { token: owner, body: { name, visibility } })
  const page = await must(baseUrl, 201, 'POST', `/api/spaces/${space.body.id}/pages`, { token: owner, body: { title: pageTitle } })
  for (const role of ['editor', 'viewer'] as const) {
    await must(baseUrl, 200, 'PUT', `/api/spaces/${space.body.id}/members/${users[role].username}`, { token: owner, body: { role } })
  }
  return { id: space.body.id, slug: space.body.slug, name, pageId: page.body.id, pageSlug: page.body.slug, pageTitle }
}

/** Signs up an owner, an editor, a viewer and an outsider, and gives the first three their roles in a public and a private space. */
export async function setUpSpaceRoles(baseUrl: string): Promise<SpaceRoles> {
  const users = {
    owner: await signUpUser(baseUrl, 'owner'),
    editor: await signUpUser(baseUrl, 'editor'),
    viewer: await signUpUser(baseUrl, 'viewer'),
    outsider: await signUpUser(baseUrl, 'outsider'),
  }
  const spaces = {
    public: await createRoleSpace(baseUrl, 'public', users, 'Open notes on the strike'),
    private: await createRoleSpace(baseUrl, 'private', users, 'Quillwort minutes'),
  }
  return { users, spaces, token: (knocker) => (knocker === 'anonymous' ? null : users[knocker].token) }
}
