import { shallowRef } from 'vue'
import type { ApiAttachment } from '../../shared/attachmentTypes.ts'

/**
 * Uploads files to a page (multipart, field `file`). `uploading` counts uploads on their way;
 * a refusal (too large, quota, a type not accepted) or a network failure lands in `error`
 * with the server's message, for the page to show.
 */
export function useAttachmentUpload(pageId: () => string) {
  const uploading = shallowRef(0)
  const error = shallowRef<string | null>(null)

  async function upload(file: File): Promise<ApiAttachment | null> {
    uploading.value += 1
    error.value = null
    try {
      const form = new FormData()
      form.append('file', file, file.name || 'pasted-image')
      const response = await fetch(`/api/pages/${pageId()}/attachments`, { method: 'POST', body: form, credentials: 'same-origin' })
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
