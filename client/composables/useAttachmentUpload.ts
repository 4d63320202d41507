import { shallowRef } from 'vue'
import type { ApiAttachment } from '../../shared/attachmentTypes.ts'

/**
 * Uploads files to a page or a proposal's text (multipart, field `file`) at `address()`
 * (`/api/pages/:id/attachments` or `/api/proposals/:id/attachments`). `uploading` counts uploads on their way;
 * a refusal (too large, quota, a type not accepted) or a network failure lands in `error`
 * with the server's message, for the page to show.
 */
export function useAttachmentUpload(address: () => string) {
  const uploading = shallowRef(0)
  const error = shallowRef<string | null>(null)

  async function upload(file: File): Promise<ApiAttachment | null> {
    uploading.value += 1
    error.value = null
    try {
      const form = new FormData()
      form.append('file', file, file.name || 'pasted-image')
      const response = await fetch(address(), { method: 'POST', body: form, credentials: 'same-origin' })
      const body = await response.json().catch(() => null) as (ApiAttachment & { error?: { message?: string } }) | null
      if (!response.ok || !body) {
        error.value = `“${file.name || 'The file'}” was not attached: ${body?.error?.message ?? `the server answered ${response.status}.`}`
        return null
      }
      return body
    } catch {
      error.value = `“${file.name || 'The file'}” was not attached: the server could not be reached.`
      return null
    } finally {
      uploading.value -= 1
    }
  }

  return { upload, uploading, error, dismiss: () => { error.value = null } }
}
