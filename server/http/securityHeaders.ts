import type { MiddlewareHandler } from 'hono'

// Scripts only from our own origin (never inline); styles may be inline because the editor
// positions carets and selections with style attributes.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Security headers on every answer, errors included: no inline script, no framing by other
 * sites (clickjacking), no MIME sniffing, no full URLs leaked to other sites, and HSTS once
 * the site is reached over HTTPS (browsers ignore it over plain HTTP anyway).
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  // A route may set a stricter policy of its own (attachments are sandboxed).
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin')
  c.header('X-Frame-Options', 'DENY')
  c.header('Cross-Origin-Opener-Policy', 'same-origin')
  c.header('Cross-Origin-Resource-Policy', 'same-origin')
  if (c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:') {
    c.header('Strict-Transport-Security', 'max-age=31536000')
  }
}
