import { shallowRef } from 'vue'
import type { ApiImportReport } from '../../shared/transferTypes.ts'

/** Where an import stands: sending the zip (with progress), the server importing it, done, failed. */
export type ImportStatus = 'idle' | 'uploading' | 'importing' | 'done' | 'error'

/**
 * Imports a zip of Markdown files into a space: uploads it with progress (XMLHttpRequest, as
 * fetch reports none for uploads), then shows the server's report or its error as state.
 */
export function useSpaceImport() {
  const status = shallowRef<ImportStatus>('idle')
  /** Share of the zip sent, 0 to 1. */
  const progress = shallowRef(0)
  const report = shallowRef<ApiImportReport | null>(null)
  const error = shallowRef<string | null>(null)
  let request: XMLHttpRequest | null = null

  function start(spaceId: string, file: File): Promise<void> {
    request?.abort()
    status.value = 'uploading'
    progress.value = 0
    report.value = null
    error.value = null
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest()
      request = xhr
      const fail = (message: string) => {
        if (request !== xhr) return resolve()
        status.value = 'error'
        error.value = message
        resolve()
      }
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) progress.value = event.loaded / event.total
      }
      xhr.upload.onload = () => {
        progress.value = 1
        if (request === xhr) status.value = 'importing'
      }
      xhr.onerror = () => fail('The server could not be reached. Check your connection and try again.')
      xhr.onload = () => {
        let body: unknown = null
        try { body = JSON.parse(xhr.responseText) } catch { /* not JSON */ }
        if (xhr.status !== 200) {
          const message = (body as { error?: { message?: string } } | null)?.error?.message
          return fail(message ?? `The import failed (HTTP ${xhr.status}).`)
        }
        if (request !== xhr) return resolve()
        report.value = body as ApiImportReport
        status.value = 'done'
        resolve()
      }
      xhr.open('POST', `/api/spaces/${encodeURIComponent(spaceId)}/import`)
      xhr.setRequestHeader('Content-Type', 'application/zip')
      xhr.setRequestHeader('Accept', 'application/json')
      xhr.send(file)
    })
  }

  function reset() {
    request?.abort()
    request = null
    status.value = 'idle'
    progress.value = 0
    report.value = null
    error.value = null
  }

  return { status, progress, report, error, start, reset }
}
