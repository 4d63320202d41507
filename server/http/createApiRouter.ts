import { OpenAPIHono } from '@hono/zod-openapi'
import type { HttpEnv } from './HttpEnv.ts'
import { rejectInvalidRequest } from './rejectInvalidRequest.ts'

/**
 * A group of API routes. Each route is declared with `createRoute` (path, query and body as
 * zod schemas), so the same schemas validate the request and write the OpenAPI document,
 * and every failed validation answers the same way.
 */
export function createApiRouter(): OpenAPIHono<HttpEnv> {
  return new OpenAPIHono<HttpEnv>({ defaultHook: rejectInvalidRequest })
}
