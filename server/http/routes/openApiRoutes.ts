import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import type { HttpEnv } from '../HttpEnv.ts'

type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of every /api route, generated from the
 * zod schemas the routes validate with (so it cannot drift from them). `app` is the app the
 * API is mounted in, read on the first request, once every route is registered.
 */
export function openApiRoutes(app: () => OpenAPIHono<HttpEnv>) {
  let document: OpenApiDocument | undefined
  return createApiRouter().openapi(createRoute({
    method: 'get', path: '/openapi.json', tags: ['Service'], summary: 'This document',
    responses: answers({ 200: 'The OpenAPI 3.1 document of the API.' }),
  }), (c) => {
    document ??= describeApi(app())
    return c.json(document)
  })
}

function describeApi(app: OpenAPIHono<HttpEnv>): OpenApiDocument {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http', scheme: 'bearer', description: 'The `token` answered by sign-up or sign-in.',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey', in: 'cookie', name: 'palimpsest_session', description: 'The browser session cookie; mutations must come from our own Origin.',
  })
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Palimpsest API',
      version: '1',
      description: 'The JSON API of a Palimpsest wiki. Errors are `{ "error": { "id", "message" } }`. Without credentials a caller is an anonymous reader of public spaces.',
    },
    security: [{ bearer: [] }, { session: [] }, {}],
  })
}
