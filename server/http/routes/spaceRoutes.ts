import { Hono } from 'hono'
import { createPageBody, createSpaceBody, memberRoleBody, updateSpaceBody } from '../../../shared/apiSchemas.ts'
import type { ApiSpace } from '../../../shared/apiTypes.ts'
import { createPage } from '../../pages/createPage.ts'
import { listPages } from '../../pages/pageQueries.ts'
import { presentPageSummary } from '../../pages/presentPage.ts'
import { authorizeSpace, authorizeSpaceBySlug } from '../../policies/authorize.ts'
import type { Services } from '../../Services.ts'
import { changeSpace, createSpace, joinSpace, removeMember, setMemberRole } from '../../spaces/spaceCommands.ts'
import { listMembers, listReadableSpaces, type SpaceWithRole } from '../../spaces/spaceQueries.ts'
import type { HttpEnv } from '../HttpEnv.ts'
import { readBody } from '../readBody.ts'

/** A space as the API shows it to one caller. */
function presentSpace(space: SpaceWithRole): ApiSpace {
  return {
    id: space.id, slug: space.slug, name: space.name, visibility: space.visibility, role: space.role, joinable: space.joinable,
    description: space.description ?? '',
  }
}

/** Spaces, their members and their pages. */
export function spaceRoutes(services: Services): Hono<HttpEnv> {
  const { db } = services
  return new Hono<HttpEnv>()
    .get('/spaces', async (c) => c.json((await listReadableSpaces(db, c.get('actor').userId)).map(presentSpace)))
    .post('/spaces', async (c) => {
      const body = await readBody(c, createSpaceBody)
      const space = await createSpace(services, c.get('actor'), body)
      return c.json(presentSpace({ ...space, role: 'owner' }), 201)
    })
    .get('/spaces/by-slug/:slug', async (c) => {
      const { space } = await authorizeSpaceBySlug(db, c.get('actor'), c.req.param('slug'), 'read')
      return c.json(presentSpace(space))
    })
    .get('/spaces/:spaceId', async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.param('spaceId'), 'read')
      return c.json(presentSpace(space))
    })
    .patch('/spaces/:spaceId', async (c) => {
      const body = await readBody(c, updateSpaceBody)
      await changeSpace(services, c.get('actor'), c.req.param('spaceId'), body)
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.param('spaceId'), 'read')
      return c.json(presentSpace(space))
    })
    .post('/spaces/:spaceId/join', async (c) => {
      await joinSpace(services, c.get('actor'), c.req.param('spaceId'))
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.param('spaceId'), 'read')
      return c.json(presentSpace(space))
    })
    .get('/spaces/:spaceId/members', async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.param('spaceId'), 'seeMembers')
      return c.json(await listMembers(db, space.id))
    })
    .put('/spaces/:spaceId/members/:username', async (c) => {
      const body = await readBody(c, memberRoleBody)
      return c.json(await setMemberRole(services, c.get('actor'), c.req.param('spaceId'), c.req.param('username'), body.role))
    })
    .delete('/spaces/:spaceId/members/:username', async (c) => {
      await removeMember(services, c.get('actor'), c.req.param('spaceId'), c.req.param('username'))
      return c.body(null, 204)
    })
    .get('/spaces/:spaceId/pages', async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.param('spaceId'), 'read')
      return c.json((await listPages(db, space.id)).map(presentPageSummary))
    })
    .post('/spaces/:spaceId/pages', async (c) => {
      const body = await readBody(c, createPageBody)
      const page = await createPage(services, c.get('actor'), c.req.param('spaceId'), body.title, body.parentId ?? null)
      return c.json({ ...presentPageSummary(page), spaceId: page.spaceId }, 201)
    })
}
