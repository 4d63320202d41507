import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider } from '../../support/providers.ts'
import type { TestServer } from '../../support/startTestServer.ts'

/** A signed-up user as tests use them. */
export type User = Awaited<ReturnType<typeof signUpUser>>

/** Everyone a permission test asks: an owner, an editor, a viewer, an outsider, a removed member, and the page's ids. */
export interface DiscussionWorld {
  owner: User
  editor: User
  viewer: User
  outsider: User
  removed: User
  spaceId: string
  pageId: string
}

/** Writes paragraphs into a page through a real provider and waits until the server stored them. */
export async function writeParagraphs(server: TestServer, pageId: string, token: string, paragraphs: string[]): Promise<void> {
  const writer = await connectProvider(server.wsUrl, pageId, { token })
  try {
    writer.doc.transact(() => { for (const text of paragraphs) appendParagraph(writer.doc, text) })
    await writer.settled()
  } finally {
    writer.destroy()
  }
}

/** A space (private or public) with one page holding `paragraphs`, and one user of each kind. */
export async function discussionWorld(server: TestServer, visibility: 'private' | 'public', paragraphs: string[]): Promise<DiscussionWorld> {
  const [owner, editor, viewer, outsider, removed] = await Promise.all(['owner', 'editor', 'viewer', 'outsider', 'removed'].map((p) => signUpUser(server.url, p)))
  const { spaceId, pageId } = await createSpaceWithPage(server.url, owner!.token, { visibility })
  for (const [user, role] of [[editor!, 'editor'], [viewer!, 'viewer'], [removed!, 'viewer']] as const) {
    const added = await api(server.url, 'PUT', `/api/spaces/${spaceId}/members/${user.username}`, { token: owner!.token, body: { role } })
    if (added.status !== 200) throw new Error(`adding ${role} failed: ${added.status}`)
  }
  await writeParagraphs(server, pageId, owner!.token, paragraphs)
  return { owner: owner!, editor: editor!, viewer: viewer!, outsider: outsider!, removed: removed!, spaceId, pageId }
}

/** Removes the `removed` member from the space. */
export async function removeMember(server: TestServer, world: DiscussionWorld): Promise<void> {
  const gone = await api(server.url, 'DELETE', `/api/spaces/${world.spaceId}/members/${world.removed.username}`, { token: world.owner.token })
  if (gone.status !== 204) throw new Error(`removing failed: ${gone.status}`)
}
