import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { serveCompressedAssets } from './serveCompressedAssets.ts'

/** Where `vite build` puts the client. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client/', import.meta.url))

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Palimpsest</title>
<p>The client is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds it).</p>`

/**
 * Serves the built client: hashed assets precompressed and cached for a year, and index.html for every other path so
 * that client-side routes (/p/:pageId, …) load the app.
 */
export function serveClient(): Hono {
  const app = new Hono()
  app.use('/assets/*', serveCompressedAssets(CLIENT_DIR))
  // The service worker's script keeps its name across builds: browsers must ask for it afresh
  // to learn of a new build (they revalidate it anyway after a day; this makes it every visit).
  app.use('/sw.js', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-cache')
  })
  // serveStatic complains at creation when the folder is missing, so create it on first use.
  let assets: ReturnType<typeof serveStatic> | undefined
  app.use('*', (c, next) => {
    if (!existsSync(CLIENT_DIR)) return next()
    assets ??= serveStatic({ root: CLIENT_DIR })
    return assets(c, next)
  })
  app.get('*', (c) => {
    const index = `${CLIENT_DIR}index.html`
    if (!existsSync(index)) return c.html(NOT_BUILT, 503)
    c.header('Cache-Control', 'no-cache')
    return c.html(readFileSync(index, 'utf8'))
  })
  return app
}
