/** The random id of an attachment: 24 random bytes in base64url, the unguessable part of its URL. */
const ID = '[A-Za-z0-9_-]{32}'
const URL_PATTERN = new RegExp(`^/api/attachments/(${ID})$`, 'u')

/** The path an attachment is served at (readers of its page's space only). */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${id}`
}

/** The attachment id in one of our attachment URLs, or null for any other value (another site, `javascript:`…). */
export function attachmentIdOf(value: unknown): string | null {
  if (typeof value !== 'string') return null
  return URL_PATTERN.exec(value)?.[1] ?? null
}

/** Whether `id` has the shape of an attachment id. */
export function isAttachmentId(id: string): boolean {
  return new RegExp(`^${ID}$`, 'u').test(id)
}
