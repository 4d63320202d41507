import { api, signUpUser } from '../../support/api.ts'

/** A space with several pages and several editors, for scenarios with many writers. */
export interface SharedSpace {
  spaceId: string
  pageIds: string[]
  /** Bearer tokens of the editors (the first is the owner). */
  tokens: string[]
}

/** Signs up `editors` users, lets the first create a space with `pages` pages and adds the others as editors. */
export async function createSharedSpace(baseUrl: string, options: { editors: number; pages: number; visibility?: 'public' | 'private' }): Promise<SharedSpace> {
  const users = []
  for (let i = 0; i < options.editors; i++) users.push(await signUpUser(baseUrl, 'writer'))
  const [owner] = users
  const space = await api(baseUrl, 'POST', '/api/spaces', { token: owner.token, body: { name: `Reliability ${Date.now()}`, visibility: options.visibility ?? 'private' } })
  if (space.status !== 201) throw new Error(`space creation failed: ${space.status} ${JSON.stringify(space.body)}`)
  const pageIds: string[] = []
  for (let i = 0; i < options.pages; i++) {
    const page = await api(baseUrl, 'POST', `/api/spaces/${space.body.id}/pages`, { token: owner.token, body: { title: `Page ${i + 1}` } })
    if (page.status !== 201) throw new Error(`page creation failed: ${page.status} ${JSON.stringify(page.body)}`)
    pageIds.push(page.body.id)
  }
  for (const user of users.slice(1)) {
    const added = await api(baseUrl, 'PUT', `/api/spaces/${space.body.id}/members/${user.username}`, { token: owner.token, body: { role: 'editor' } })
    if (added.status !== 200) throw new Error(`adding an editor failed: ${added.status} ${JSON.stringify(added.body)}`)
  }
  return { spaceId: space.body.id, pageIds, tokens: users.map((u) => u.token) }
}
